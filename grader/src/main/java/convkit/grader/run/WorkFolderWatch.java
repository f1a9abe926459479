package convkit.grader.run;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;

/**
 * Under the separate uid, the child's working folder is on the grader's disk, and its Landlock
 * domain lets it write there alone; {@code prlimit} bounds each file (64 MiB) but not how many.
 * This watch walks the folder from outside while the child runs, every {@link #POLL_MILLIS}, and
 * ends the child and everything it started when the folder holds more than
 * {@link ScratchWatch#MAX_FILES} entries or more than {@code maxBytes} bytes (the namespace
 * sandbox's two tmpfs folders hold 128 MiB each): a child writing files as fast as it can would
 * otherwise fill the disk the grader writes its results to, within its CPU seconds.
 *
 * <p>The walk does not follow links and counts a file's allocated size as its length says (a
 * sparse file counts as full). It goes from folder to folder, each opened relative to its parent
 * ({@link SecureDirectoryStream}, Linux), so no path grows with the tree's depth: a child can nest
 * folders deeper than a full path may be long (4,096 bytes) by descending into each as it makes
 * it, and a walk by full paths saw nothing below them (tried: 360 MiB written there, and the call
 * returned). A tree nested deeper than {@link #MAX_DEPTH} folders is past the limit by that alone,
 * which bounds the folders the walk holds open at once. A walk of a few files takes microseconds; at the limit of files,
 * milliseconds, so a child that makes files fast passes the limit by a few thousand (and the look
 * as each answer comes, {@link FolderWatch}, makes what was written between two looks cost the
 * test that wrote it).
 */
final class WorkFolderWatch extends FolderWatch {

    /** How often the folder is walked. */
    static final long POLL_MILLIS = 50;

    /** The deepest a working folder's tree may be nested: folders below folders below it. */
    static final int MAX_DEPTH = 64;

    private final Path folder;
    private final long maxFiles;
    private final long maxBytes;

    private WorkFolderWatch(Process process, Path folder, long maxFiles, long maxBytes) {
        super(process);
        this.folder = folder;
        this.maxFiles = maxFiles;
        this.maxBytes = maxBytes;
    }

    /** Watches {@code folder} on a daemon thread until {@code child} ends. */
    static WorkFolderWatch start(Process child, Path folder, long maxFiles, long maxBytes) {
        WorkFolderWatch watch = new WorkFolderWatch(child, folder, maxFiles, maxBytes);
        watch.watchEvery(POLL_MILLIS, "sandbox-work-folder-watch");
        return watch;
    }

    /** "its working folder held 10,412 files and folders (at most 10,000; ...)", or null. */
    @Override
    String over() {
        long[] held = held(folder);
        return held[2] > MAX_DEPTH
            ? String.format(Locale.ROOT, "its working folder held folders nested more than %d levels deep", MAX_DEPTH)
            : held[0] > maxFiles
            ? String.format(Locale.ROOT, "its working folder held %,d files and folders (at most %,d; every"
                + " one, even an empty one, takes the grader's disk)", held[0], maxFiles)
            : held[1] > maxBytes
            ? String.format(Locale.ROOT, "its working folder held %,d MiB (at most %,d MiB of the grader's disk)",
                held[1] >> 20, maxBytes >> 20)
            : null;
    }

    /**
     * Entries below {@code folder} (files, folders, links; the folder itself not counted), the
     * bytes of its regular files, and the depth of its deepest folder (1 for a folder in it),
     * without following links; what could be read when entries vanish or cannot be read while it
     * walks. The walk stops below {@link #MAX_DEPTH} + 1 levels.
     */
    static long[] held(Path folder) {
        long[] held = new long[3];
        try (DirectoryStream<Path> top = Files.newDirectoryStream(folder)) {
            if (top instanceof SecureDirectoryStream<Path> secure) {
                count(secure, 0, held);
            } else {
                walk(folder, held);
            }
        } catch (IOException | RuntimeException e) {
            // gone while walking (the child ended and its folder was deleted): what was counted
        }
        return held;
    }

    /** Counts the entries of {@code folder}, at {@code depth}, and what is below them, into {@code held}. */
    private static void count(SecureDirectoryStream<Path> folder, int depth, long[] held) {
        held[2] = Math.max(held[2], depth);
        for (Path entry : folder) {
            held[0]++;
            Path name = entry.getFileName();
            try {
                BasicFileAttributes attributes = folder.getFileAttributeView(name, BasicFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS).readAttributes();
                if (attributes.isRegularFile()) {
                    held[1] += attributes.size();
                } else if (attributes.isDirectory() && depth <= MAX_DEPTH) {
                    try (SecureDirectoryStream<Path> inner = folder.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS)) {
                        count(inner, depth + 1, held);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // vanished, or cannot be read: counted as one entry
            }
        }
    }

    /** The same by full paths, where folders cannot be opened relative to each other (off Linux). */
    private static void walk(Path folder, long[] held) throws IOException {
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                if (!dir.equals(folder)) {
                    held[0]++;
                    held[2] = Math.max(held[2], folder.relativize(dir).getNameCount());
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                held[0]++;
                if (attributes.isRegularFile()) {
                    held[1] += attributes.size();
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                held[0]++;
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
