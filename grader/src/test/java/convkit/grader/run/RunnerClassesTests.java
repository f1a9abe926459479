package convkit.grader.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunnerClassesTests {

    @TempDir
    Path temp;

    /** A grader JVM in short: writes the child runner's classes, as grading does, and ends. */
    public static final class OneGraderJvm {
        public static void main(String[] args) throws IOException {
            Path runner = RunnerClasses.directory();
            Path tree = Files.createDirectories(Path.of(args[0]).resolve("nested/deeper"));
            Files.writeString(tree.resolve("file.txt"), "left behind?");
            // what a child running as the grader's user (no sandbox uid) could plant in a folder the
            // grader deletes: links to a file and a folder of the instructor's, outside it
            Path victims = Path.of(args[1]);
            Files.createSymbolicLink(tree.resolve("solution-link"), victims.resolve("Solution.java"));
            Files.createSymbolicLink(tree.resolve("folder-link"), victims.resolve("hidden"));
            // and entries that trap a deletion which opens or follows what it should only unlink: a
            // named pipe (opened, it blocks until a writer comes: the JVM's exit would hang) and a link
            // to itself (followed, a loop)
            Files.createSymbolicLink(tree.resolve("loop"), tree.resolve("loop"));
            Process planted = new ProcessBuilder("mkfifo", tree.resolve("pipe").toString()).inheritIO().start();
            try {
                if (planted.waitFor() != 0) {
                    throw new IllegalStateException("the pipe was not made");
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            ChildInvoker.deleteTreeAtExit(Path.of(args[0]));
            // and the folder handed over replaced, after it was handed over, by a link to the
            // instructor's folder: the deletion must take the link, not walk into its target
            Path swapped = Files.createDirectories(Path.of(args[2]));
            ChildInvoker.deleteTreeAtExit(swapped);
            Files.delete(swapped);
            Files.createSymbolicLink(swapped, victims);
            // and a chain of folders whose full path is longer than the system allows (made by
            // descending into each as it is created), with a file and a link to the instructor's
            // file at its bottom: a walk by full paths fails on it and leaves the whole tree
            Path deep = Files.createDirectories(Path.of(args[3]));
            ChildInvoker.deleteTreeAtExit(deep);
            String level = "d".repeat(60);
            Process descend = new ProcessBuilder("bash", "-c", "cd \"$1\" && for i in $(seq 1 90); do mkdir " + level
                + " && cd " + level + " || exit 1; done; echo planted > file.txt && ln -s \"$2\" solution-link",
                "bash", deep.toString(), victims.resolve("Solution.java").toString()).inheritIO().start();
            try {
                if (descend.waitFor() != 0) {
                    throw new IllegalStateException("the deep chain was not made");
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            System.out.println("runner " + runner);
        }
    }

    @Test
    void aGraderJvmLeavesNoFolderInTheTemporaryDirectoryAndDeletesNoFileALinkInItPointsTo() throws IOException, InterruptedException {
        Path tmp = Files.createDirectories(temp.resolve("tmp"));
        Path other = temp.resolve("other");
        Path swapped = temp.resolve("swapped");
        Path deep = temp.resolve("deep");
        Path victims = Files.createDirectories(temp.resolve("instructor"));
        Path solution = Files.writeString(victims.resolve("Solution.java"), "// the instructor's");
        Path hidden = Files.writeString(Files.createDirectories(victims.resolve("hidden")).resolve("Tests.java"), "// hidden");
        Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"), OneGraderJvm.class.getName(),
            other.toString(), victims.toString(), swapped.toString(), deep.toString()).redirectErrorStream(true).start();
        jvm.getOutputStream().close();
        String out = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(jvm.waitFor(60, TimeUnit.SECONDS), out);
        assertEquals(0, jvm.exitValue(), out);
        assertTrue(out.contains("runner " + tmp.resolve("convkit-runner")), "the runner's classes were not written under "
            + tmp + ": " + out);
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of(), left.toList(), "left in the temporary directory after the JVM ended");
        }
        assertTrue(Files.notExists(other), "a tree handed to deleteTreeAtExit is still there");
        assertTrue(Files.notExists(swapped, java.nio.file.LinkOption.NOFOLLOW_LINKS),
            "the link that replaced a tree handed to deleteTreeAtExit is still there");
        assertTrue(Files.notExists(deep, java.nio.file.LinkOption.NOFOLLOW_LINKS),
            "a tree handed to deleteTreeAtExit whose full paths are longer than the system allows is still there");
        // the links went with it, what they pointed at did not
        assertEquals("// the instructor's", Files.readString(solution));
        assertEquals("// hidden", Files.readString(hidden));
    }
}
