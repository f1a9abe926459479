package convkit.grader.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
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
 * sparse file counts as full). A walk of a few files takes microseconds; at the limit of files,
 * milliseconds, so a child that makes files fast passes the limit by a few thousand (and the look
 * as each answer comes, {@link FolderWatch}, makes what was written between two looks cost the
 * test that wrote it).
 */
final class WorkFolderWatch extends FolderWatch {

    /** How often the folder is walked. */
    static final long POLL_MILLIS = 50;

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
        return held[0] > maxFiles
            ? String.format(Locale.ROOT, "its working folder held %,d files and folders (at most %,d; every"
                + " one, even an empty one, takes the grader's disk)", held[0], maxFiles)
            : held[1] > maxBytes
            ? String.format(Locale.ROOT, "its working folder held %,d MiB (at most %,d MiB of the grader's disk)",
                held[1] >> 20, maxBytes >> 20)
            : null;
    }

    /**
     * Entries below {@code folder} (files, folders, links; the folder itself not counted) and the
     * bytes of its regular files, without following links; what could be read when entries vanish
     * or cannot be read while it walks.
     */
    static long[] held(Path folder) {
        long[] held = new long[2];
        try {
            Files.walkFileTree(folder, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    if (!dir.equals(folder)) {
                        held[0]++;
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
        } catch (IOException | UncheckedIOException e) {
            // gone while walking (the child ended and its folder was deleted): what was counted
        }
        return held;
    }
}
