package convkit.grader.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A child can take away a folder's permissions ({@code chmod 000}) inside a folder the grader
 * deletes; a grader running as that same ordinary user must still delete the whole tree, and must
 * never change the mode of anything outside it, whatever link the child put in a folder's place.
 */
class OwnerAccessTests {

    static final Set<PosixFilePermission> NONE = Set.of();

    @TempDir
    Path temp;

    /** Folders left closed by a test, opened again so that the temporary folder can go. */
    private final List<Path> closed = new ArrayList<>();

    @AfterEach
    void reopen() throws IOException {
        for (Path folder : closed) {
            if (Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
                Files.setPosixFilePermissions(folder, OwnerAccess.OWNER_ALL);
            }
        }
    }

    /**
     * What a child, as the grader's own user (the sandbox's namespaces map it to that user), can
     * leave in its working folder; then the deletion, as that user. Prints the tree's fate.
     */
    public static final class ClosedTree {
        public static void main(String[] args) throws IOException {
            Path work = Path.of(args[0]);
            Path root = Files.createDirectories(work.resolve("tree"));
            // a closed folder with a closed folder in it
            Path inner = Files.createDirectories(root.resolve("closed/inner"));
            Files.writeString(inner.resolve("file.txt"), "left behind?");
            Files.writeString(root.resolve("closed/file.txt"), "left behind?");
            Files.setPosixFilePermissions(inner, NONE);
            Files.setPosixFilePermissions(root.resolve("closed"), NONE);
            // folders missing one right each: write (nothing in it can be deleted), search (nothing
            // in it can be looked at), read (it cannot be listed)
            for (String mode : List.of("r-x------", "rw-------", "-wx------")) {
                Path folder = Files.createDirectories(root.resolve(mode));
                Files.writeString(folder.resolve("file.txt"), "left behind?");
                Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString(mode));
            }
            // a link to a closed folder outside the tree, whose mode must stay as it is
            Path outside = Files.createDirectories(work.resolve("outside"));
            Files.writeString(outside.resolve("file.txt"), "outside");
            Files.setPosixFilePermissions(outside, NONE);
            Files.createSymbolicLink(root.resolve("link"), outside);
            // folders whose names are bytes no Java string spells (not UTF-8): a closed one in an open
            // one, a closed one in a closed one; and one named in UTF-8 with an é
            Process planted = new ProcessBuilder("bash", "-c", "cd \"$1\" && mkdir -p $'\\xff'open/closed"
                + " $'\\xfe'closed/$'\\xfd'closed && chmod 000 $'\\xff'open/closed $'\\xfe'closed/$'\\xfd'closed"
                + " $'\\xfe'closed && mkdir $'\\xc3\\xa9'closed && chmod 000 $'\\xc3\\xa9'closed", "bash",
                root.toString()).inheritIO().start();
            try {
                if (planted.waitFor() != 0) {
                    throw new IllegalStateException("the folders with names of other bytes were not made");
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            // and the tree's own folder closed
            Files.setPosixFilePermissions(root, NONE);
            ChildInvoker.deleteTree(root);
            System.out.println(Files.exists(root, LinkOption.NOFOLLOW_LINKS) ? "tree left" : "tree gone");
        }
    }

    /**
     * In a UTF-8 locale and in the C locale (whose JVM writes paths as ASCII: a name with é in it is
     * one it cannot spell either).
     */
    @ParameterizedTest(name = "locale {0}")
    @ValueSource(strings = {"C.UTF-8", "C"})
    void aTreeWithFoldersAChildClosedGoesWhenTheGraderIsAnOrdinaryUser(String locale)
            throws IOException, InterruptedException {
        // the child JVM runs as nobody when this test runs as root: it must read the classes and
        // write its folder
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path classes = copy(ChildInvoker.class, temp.resolve("classes"));
        Path testClasses = copy(ClosedTree.class, temp.resolve("test-classes"));
        Path work = Files.createDirectories(temp.resolve("work"));
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxrwxrwx"));
        closed.add(work.resolve("outside"));
        List<String> command = new ArrayList<>();
        if (Sandbox.isRoot()) {
            assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "util-linux's setpriv, to run as nobody");
            command.addAll(List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"));
        }
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-XX:-UsePerfData", "--enable-native-access=ALL-UNNAMED", "-Djava.io.tmpdir=" + work,
            "-cp", classes + java.io.File.pathSeparator + testClasses, ClosedTree.class.getName(), work.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true);
        builder.environment().put("LC_ALL", locale);
        builder.environment().put("LANG", locale);
        Process jvm = builder.start();
        jvm.getOutputStream().close();
        String out = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(jvm.waitFor(60, TimeUnit.SECONDS), out);
        assertEquals(0, jvm.exitValue(), out);
        assertEquals("tree gone", out.strip(), "the deletion, as an ordinary user, of a tree with closed folders");
        Path outside = work.resolve("outside");
        assertEquals(NONE, Files.getPosixFilePermissions(outside, LinkOption.NOFOLLOW_LINKS),
            "the mode of a folder outside the tree, reached by a link in it");
        if (Sandbox.isRoot()) {
            assertEquals("outside", Files.readString(outside.resolve("file.txt")));
        }
    }

    @Test
    void givesBackAFolderItsOwnersPermissions() throws IOException {
        assumeTrue(OwnerAccess.available(), "Linux on a known processor, with native access");
        Path folder = closedFolder(temp.resolve("closed"));
        try (SecureDirectoryStream<Path> parent = open(temp)) {
            assertTrue(OwnerAccess.closed(parent, folder.getFileName()));
            assertTrue(OwnerAccess.open(parent, temp, folder.getFileName()));
            assertFalse(OwnerAccess.closed(parent, folder.getFileName()));
        }
        assertEquals(OwnerAccess.OWNER_ALL, Files.getPosixFilePermissions(folder));
    }

    @Test
    void neverChangesTheModeOfWhatALinkPointsAt() throws IOException {
        assumeTrue(OwnerAccess.available(), "Linux on a known processor, with native access");
        Path outside = closedFolder(temp.resolve("outside"));
        Path tree = Files.createDirectories(temp.resolve("tree"));
        Files.createSymbolicLink(tree.resolve("link"), outside);
        try (SecureDirectoryStream<Path> parent = open(tree)) {
            assertFalse(OwnerAccess.closed(parent, Path.of("link")), "a link is not a closed folder");
            assertFalse(OwnerAccess.open(parent, tree, Path.of("link")));
        }
        assertEquals(NONE, Files.getPosixFilePermissions(outside, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void refusesAPathThatNoLongerNamesTheFolderItHolds() throws IOException {
        assumeTrue(OwnerAccess.available(), "Linux on a known processor, with native access");
        // the deletion holds "tree" open; its path now names another folder (a child swapped a link
        // in), with an entry of the same name: that entry's mode must not change
        Path tree = Files.createDirectories(temp.resolve("tree"));
        Files.createDirectories(tree.resolve("closed"));
        Path elsewhere = Files.createDirectories(temp.resolve("elsewhere"));
        Path other = closedFolder(elsewhere.resolve("closed"));
        try (SecureDirectoryStream<Path> parent = open(tree)) {
            assertFalse(OwnerAccess.open(parent, elsewhere, Path.of("closed")));
            Path swapped = temp.resolve("swapped");
            Files.createSymbolicLink(swapped, elsewhere);
            assertFalse(OwnerAccess.open(parent, swapped, Path.of("closed")));
        }
        assertEquals(NONE, Files.getPosixFilePermissions(other));
    }

    @Test
    void refusesANameThatIsNotOneEntry() throws IOException {
        assumeTrue(OwnerAccess.available(), "Linux on a known processor, with native access");
        Path outside = closedFolder(temp.resolve("outside"));
        Path tree = Files.createDirectories(temp.resolve("tree"));
        try (SecureDirectoryStream<Path> parent = open(tree)) {
            assertFalse(OwnerAccess.open(parent, tree, Path.of("../outside")));
            assertFalse(OwnerAccess.open(parent, tree, Path.of("..")));
        }
        assertEquals(NONE, Files.getPosixFilePermissions(outside));
    }

    /** A new folder with every permission taken away, given back after the test. */
    private Path closedFolder(Path folder) throws IOException {
        Files.createDirectories(folder);
        closed.add(folder);
        Files.setPosixFilePermissions(folder, NONE);
        return folder;
    }

    private static SecureDirectoryStream<Path> open(Path folder) throws IOException {
        DirectoryStream<Path> stream = Files.newDirectoryStream(folder);
        assumeTrue(stream instanceof SecureDirectoryStream, "a platform with secure directory streams");
        return (SecureDirectoryStream<Path>) stream;
    }

    /** Copies the class folder {@code type} was loaded from to {@code target}, readable by everyone. */
    private static Path copy(Class<?> type, Path target) throws IOException {
        Path from;
        try {
            from = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IOException(e);
        }
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.sorted(Comparator.naturalOrder()).toList()) {
                Path to = target.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(to);
                    Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rwxr-xr-x"));
                } else {
                    Files.copy(path, to, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rw-r--r--"));
                }
            }
        }
        return target;
    }
}
