package convkit.grader.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import convkit.grader.child.ChildRunner;
import convkit.grader.child.CompileRunner;
import convkit.grader.child.JdkState;
import convkit.grader.child.JShellEvaluator;
import convkit.grader.child.LandlockRuleset;
import convkit.grader.child.Libc;
import convkit.grader.child.NoNetwork;
import convkit.grader.child.OwnProcOnly;
import convkit.grader.child.Wire;

/**
 * The child runner's class files, copied out of the grader into a folder of their own: that
 * folder and the student's classes are the child's whole class path.
 */
public final class RunnerClasses {

    private static Path directory;
    private static final java.util.Map<String, byte[]> BYTES = new java.util.HashMap<>();

    private RunnerClasses() {
    }

    /**
     * A folder holding only {@code convkit/grader/child/*.class}; created once per grader JVM and
     * checked byte for byte before every child starts (a child of an earlier submission runs as
     * the same OS user and could have overwritten it), rewritten when it differs.
     */
    public static synchronized Path directory() {
        if (directory != null && intact(directory)) {
            return directory;
        }
        try {
            // readable by the sandbox's uid: the runner is no secret, and it is bound read-only
            Path root = Files.createTempDirectory("convkit-runner");
            readableByAll(root);
            ChildInvoker.deleteTreeAtExit(root);
            for (Class<?> type : classes()) {
                String resource = type.getName().replace('.', '/') + ".class";
                Path target = root.resolve(resource);
                Files.createDirectories(target.getParent());
                for (Path folder = target.getParent(); !folder.equals(root); folder = folder.getParent()) {
                    readableByAll(folder);
                }
                try (InputStream in = RunnerClasses.class.getClassLoader().getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new IllegalStateException("class file not found on the grader's class path: " + resource);
                    }
                    byte[] bytes = in.readAllBytes();
                    BYTES.put(resource, bytes);
                    Files.write(target, bytes);
                    readableByAll(target);
                }
            }
            directory = root;
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the child runner's classes", e);
        }
    }

    /** Mode 755 / 644 where the file system has POSIX modes (a Windows grader has no sandbox uid to serve). */
    private static void readableByAll(Path path) throws IOException {
        if (path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(Files.isDirectory(path) ? "rwxr-xr-x" : "rw-r--r--"));
        }
    }

    private static boolean intact(Path root) {
        try {
            for (var entry : BYTES.entrySet()) {
                Path file = root.resolve(entry.getKey());
                if (!Files.isRegularFile(file) || !java.util.Arrays.equals(Files.readAllBytes(file), entry.getValue())) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The runner, the wire format and their nested classes. */
    static List<Class<?>> classes() {
        List<Class<?>> all = new ArrayList<>();
        for (Class<?> top : List.of(ChildRunner.class, CompileRunner.class, JdkState.class, Wire.class, JShellEvaluator.class,
            NoNetwork.class, Libc.class, LandlockRuleset.class, OwnProcOnly.class)) {
            for (Class<?> member : top.getNestMembers()) {
                if (!all.contains(member)) {
                    all.add(member);
                }
            }
        }
        return all;
    }
}
