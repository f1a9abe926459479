package convkit.grader.run;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Runs one exercise's calls in a child JVM, reusing it from test to test (each test still gets a
 * fresh class loader inside the child) and replacing it after a timeout, a crash, an
 * {@code OutOfMemoryError} or a thread left running. Honours the whole run's deadline: once it
 * has passed, calls are not run.
 */
public final class ChildInvoker implements Invoker {

    private final Sandbox sandbox;
    private final Path studentClasses;
    private final Limits limits;
    private final long deadlineNanos;
    private ChildJvm child;

    /**
     * @param sandbox        the boundary every child runs in
     * @param studentClasses the folder of the exercise's compiled classes
     * @param deadlineNanos  {@link System#nanoTime()} after which no call is run (the whole-run limit)
     */
    public ChildInvoker(Sandbox sandbox, Path studentClasses, Limits limits, long deadlineNanos) {
        this.sandbox = sandbox;
        this.studentClasses = studentClasses;
        this.limits = limits;
        this.deadlineNanos = deadlineNanos;
    }

    @Override
    public Outcome invoke(Call call, Duration timeout) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            return Outcome.notRun("not run: the whole submission used up its time limit of "
                + limits.wholeRun().toSeconds() + " s");
        }
        if (child == null) {
            try {
                child = ChildJvm.start(sandbox, studentClasses, limits);
            } catch (IOException | RuntimeException e) {
                return Outcome.died("the child JVM could not start: " + e.getMessage(), "");
            }
        }
        Duration budget = Duration.ofNanos(Math.min(timeout.toNanos(), left));
        Outcome outcome = child.call(call, budget);
        boolean fresh = switch (outcome.kind()) {
            case TIMED_OUT, DIED, REFUSED -> true;
            default -> child.wantsRestart();
        };
        if (fresh) {
            stop();
        }
        if (outcome.kind() == Outcome.Kind.TIMED_OUT && budget.compareTo(timeout) < 0) {
            return Outcome.timedOut("stopped: the whole submission used up its time limit of "
                + limits.wholeRun().toSeconds() + " s");
        }
        return outcome;
    }

    private void stop() {
        if (child != null) {
            child.close();
            child = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** Folders {@link #deleteTreeAtExit} deletes when the JVM ends. */
    private static final java.util.List<Path> AT_EXIT = new java.util.concurrent.CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> AT_EXIT.forEach(ChildInvoker::deleteTree),
            "convkit-delete-at-exit"));
    }

    /**
     * Deletes a folder and everything in it when the JVM ends normally (its last method returns,
     * System.exit, a signal that lets shutdown hooks run; not a kill -9). {@code File.deleteOnExit}
     * deletes only an empty folder.
     */
    public static void deleteTreeAtExit(Path root) {
        AT_EXIT.add(root);
    }

    /**
     * Deletes a folder and everything in it, quietly, without following links: a link in it, or
     * one that took the folder's own place, goes, not what it points at. Where the platform has
     * {@link SecureDirectoryStream}s (Linux) every step is relative to an open folder, so no path
     * grows with the tree's depth: a chain of folders whose full path is longer than the system
     * allows (a child can make one by descending as it creates them) made {@code Files.walk} fail
     * and leave the whole tree behind. Elsewhere, the walk.
     */
    public static void deleteTree(Path root) {
        Path folder = root.toAbsolutePath().normalize();
        Path parent = folder.getParent();
        if (parent != null) {
            try (DirectoryStream<Path> up = Files.newDirectoryStream(parent)) {
                if (up instanceof SecureDirectoryStream<Path> secure) {
                    deleteFlattening(secure, parent, folder.getFileName());
                    return;
                }
            } catch (IOException | RuntimeException e) {
                return; // a temporary folder left behind is harmless
            }
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | java.io.UncheckedIOException e) {
            // a temporary folder left behind is harmless
        }
    }

    /** Most levels {@link #deleteFlattening} takes off a tree (one a pass) before it gives up. */
    private static final int MAX_FLATTENING_PASSES = 1 << 20;

    /**
     * Deletes entry {@code name} of {@code parent}: a folder by flattening it, level after level (the
     * contents of each of its sub-folders moved up into it under fresh names, the emptied sub-folder
     * deleted), so that at most two folders are open at once whatever the depth; anything else
     * (a file, a link) as itself. {@code parentPath} is where {@code parent} was opened: the tree is
     * reached by it only to give back permissions a child took away (see {@link OwnerAccess}).
     */
    private static void deleteFlattening(SecureDirectoryStream<Path> parent, Path parentPath, Path name)
            throws IOException {
        if (!isFolder(parent, name)) {
            parent.deleteFile(name);
            return;
        }
        Path treePath = parentPath.resolve(name);
        try (SecureDirectoryStream<Path> tree = openFolder(parent, parentPath, name)) {
            long[] fresh = {0};
            // a pass a level; bounded, so that a process still adding folders cannot hold the JVM's exit
            for (int pass = 0; pass < MAX_FLATTENING_PASSES; pass++) {
                boolean folders = false;
                for (Path listed : names(tree)) {
                    if (!isFolder(tree, listed)) {
                        tree.deleteFile(listed);
                        continue;
                    }
                    folders = true;
                    Path entry = spelled(tree, listed, fresh);
                    Path subPath = treePath.resolve(entry);
                    try (SecureDirectoryStream<Path> sub = openFolder(tree, treePath, entry)) {
                        for (Path inner : names(sub)) {
                            Path movable = spelled(sub, inner, fresh);
                            // a folder moved to another parent must let its ".." be rewritten
                            reopen(sub, subPath, movable);
                            sub.move(movable, tree, freshName(tree, fresh));
                        }
                    }
                    tree.deleteDirectory(entry);
                }
                if (!folders) {
                    break;
                }
            }
        }
        parent.deleteDirectory(name);
    }

    /**
     * Opens folder {@code name} of {@code parent} without following a link, first giving its owner
     * back the permissions the deletion needs when a child took them away ({@code chmod 000}, or
     * only the right to write or to search it; root would not need them, but a tree being deleted
     * loses nothing by it); where {@link OwnerAccess} cannot act, the opening (or the emptying)
     * fails as before.
     */
    private static SecureDirectoryStream<Path> openFolder(SecureDirectoryStream<Path> parent, Path parentPath, Path name)
            throws IOException {
        reopen(parent, parentPath, name);
        return parent.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS);
    }

    /** Gives the owner back every permission on folder {@code name} of {@code parent} when any is missing. */
    private static void reopen(SecureDirectoryStream<Path> parent, Path parentPath, Path name) throws IOException {
        if (OwnerAccess.closed(parent, name)) {
            OwnerAccess.open(parent, parentPath, name);
        }
    }

    /**
     * {@code name} in {@code folder}, or, when its bytes are not a name this JVM can spell (not
     * UTF-8, or outside the JVM's encoding: {@code Path} keeps the bytes, its text does not), the
     * fresh name it is renamed to (in the same folder: no permission on the entry itself is needed).
     * {@link OwnerAccess} reaches entries by their text.
     */
    private static Path spelled(SecureDirectoryStream<Path> folder, Path name, long[] fresh) throws IOException {
        try {
            if (Path.of(name.toString()).equals(name)) {
                return name;
            }
        } catch (java.nio.file.InvalidPathException e) {
            // its text has characters the JVM's encoding cannot write back (a C locale's ASCII)
        }
        Path renamed = freshName(folder, fresh);
        folder.move(name, folder, renamed);
        return renamed;
    }

    /** A name not in {@code folder}, counting on from {@code fresh[0]}. */
    private static Path freshName(SecureDirectoryStream<Path> folder, long[] fresh) {
        Path name;
        do {
            name = Path.of(".deleting-" + fresh[0]++);
        } while (exists(folder, name));
        return name;
    }

    /** The names in an open folder now (a stream lists once, so a fresh one of "." each time). */
    private static java.util.List<Path> names(SecureDirectoryStream<Path> folder) throws IOException {
        java.util.List<Path> names = new java.util.ArrayList<>();
        try (SecureDirectoryStream<Path> now = folder.newDirectoryStream(Path.of("."), LinkOption.NOFOLLOW_LINKS)) {
            for (Path entry : now) {
                names.add(entry.getFileName());
            }
        }
        return names;
    }

    private static boolean isFolder(SecureDirectoryStream<Path> folder, Path name) throws IOException {
        return folder.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
            .readAttributes().isDirectory();
    }

    private static boolean exists(SecureDirectoryStream<Path> folder, Path name) {
        try {
            isFolder(folder, name);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
