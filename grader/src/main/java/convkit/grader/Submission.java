package convkit.grader;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import convkit.grader.check.Expect;

/**
 * A student's submission: a folder or a zip that holds the exercise sources anywhere inside.
 * A source is found by its file name ({@code Ex05ConvLayer.java}) and its package declaration
 * ({@code package convkit.exercises;}), wherever it sits.
 *
 * <p>A zip is unpacked into a temporary folder, {@code .java} files only; an entry whose path
 * would land outside that folder ("zip slip", {@code ../../etc/x.java}) is skipped and noted, and
 * unpacking stops at {@value #MAX_ENTRIES} entries or {@value #MAX_BYTES} bytes. A file that is
 * not a readable zip throws {@link UnreadableSubmissionException}. Its notes are bounded: each name
 * they quote is clipped ({@link Expect#shown}), and past {@value #MAX_NOTES} notes the rest are
 * counted, not kept.
 */
public final class Submission implements AutoCloseable {

    static final int MAX_ENTRIES = 10_000;
    static final long MAX_BYTES = 50L << 20;
    /** Most notes kept (each distinct note once); the rest are counted in one last line. */
    static final int MAX_NOTES = 20;
    /** How many folders deep the search for sources looks. */
    static final int SEARCH_DEPTH = 32;
    /**
     * The largest zip the grader opens or copies: a batch copies each zip before its worker opens
     * it, and a sparse file (made by {@code truncate -s 64G alice.zip}) takes no disk until copied.
     */
    static final long MAX_ZIP_BYTES = 1L << 30;
    private static final Pattern PACKAGE = Pattern.compile(
        "^\\s*package\\s+convkit\\s*\\.\\s*exercises\\s*;", Pattern.MULTILINE);

    private final String name;
    private final Path root;
    private final Path extracted;
    private final java.util.Set<String> notes = new java.util.LinkedHashSet<>();
    private final java.util.Set<String> notesDropped = new java.util.HashSet<>();
    /** Symbolic links skipped, named like a source sought: file name → its path in the submission. */
    private final java.util.Map<String, String> linksSkipped = new java.util.concurrent.ConcurrentHashMap<>();

    private Submission(String name, Path root, Path extracted) {
        this.name = name;
        this.root = root;
        this.extracted = extracted;
    }

    /**
     * Opens a folder or a {@code .zip} file.
     *
     * @throws UnreadableSubmissionException when the zip cannot be read (its temporary folder is removed)
     */
    public static Submission open(Path path) throws IOException {
        String name = path.getFileName() == null ? path.toString() : path.getFileName().toString();
        if (Files.isDirectory(path)) {
            return new Submission(name, path, null);
        }
        if (Files.isRegularFile(path) && name.toLowerCase(java.util.Locale.ROOT).endsWith(".zip")) {
            checkZipSize(path);
            Path target = Files.createTempDirectory("convkit-submission");
            Submission submission = new Submission(name.substring(0, name.length() - 4), target, target);
            try {
                submission.unzip(path, target);
            } catch (IOException | RuntimeException e) {
                submission.close();
                throw e;
            }
            return submission;
        }
        throw new IllegalArgumentException("submission must be a folder or a .zip file, got " + path);
    }

    /** Refuses a zip file larger than {@link #MAX_ZIP_BYTES}, naming its size. */
    static void checkZipSize(Path zip) throws IOException {
        long bytes = Files.size(zip);
        if (bytes > MAX_ZIP_BYTES) {
            throw UnreadableSubmissionException.tooLarge(zip, bytes, MAX_ZIP_BYTES);
        }
    }

    private void unzip(Path zip, Path target) throws IOException {
        int entries = 0;
        long bytes = 0;
        try (ZipFile file = openZip(zip)) {
            // each entry: keep .java files that stay inside the target folder
            for (ZipEntry entry : java.util.Collections.list(file.entries())) {
                if (++entries > MAX_ENTRIES) {
                    kept("the zip has more than " + MAX_ENTRIES + " entries; the rest was ignored");
                    break;
                }
                if (entry.isDirectory() || !entry.getName().endsWith(".java")) {
                    continue;
                }
                Path out = target.resolve(entry.getName()).normalize();
                if (!out.startsWith(target) || entry.getName().contains("..")) {
                    note("skipped zip entry " + Expect.shown(entry.getName()) + ": it points outside the submission");
                    continue;
                }
                try {
                    Files.createDirectories(out.getParent());
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    note("skipped zip entry " + Expect.shown(entry.getName()) + ": a file of the zip has the name of its folder");
                    continue;
                }
                try (InputStream in = file.getInputStream(entry)) {
                    bytes += copyCapped(in, out, MAX_BYTES - bytes);
                } catch (java.util.zip.ZipException | java.io.EOFException e) { // damaged or cut-off data
                    throw new UnreadableSubmissionException(zip, "entry " + Expect.shown(entry.getName()) + ": " + e.getMessage(), e);
                }
                if (bytes >= MAX_BYTES) {
                    kept("the zip unpacks to more than " + (MAX_BYTES >> 20) + " MiB; the rest was ignored");
                    break;
                }
            }
        } catch (IllegalArgumentException e) { // e.g. InvalidPathException: an entry name this system cannot hold
            throw new UnreadableSubmissionException(zip, Expect.shown(e.getMessage()), e);
        }
    }

    /**
     * The zip's central directory, entry names read as UTF-8, or as ISO-8859-1 when they are not
     * UTF-8 (old tools); a file with no central directory (random bytes, a cut-off download) is
     * unreadable.
     */
    private static ZipFile openZip(Path zip) throws UnreadableSubmissionException {
        try {
            return new ZipFile(zip.toFile(), StandardCharsets.UTF_8);
        } catch (IOException utf8) {
            try {
                return new ZipFile(zip.toFile(), StandardCharsets.ISO_8859_1);
            } catch (IOException again) {
                throw new UnreadableSubmissionException(zip, utf8.getMessage(), utf8);
            }
        }
    }

    private static long copyCapped(InputStream in, Path file, long room) throws IOException {
        long written = 0;
        byte[] buffer = new byte[8192];
        try (OutputStream out = Files.newOutputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0 && written < room) {
                int keep = (int) Math.min(n, room - written);
                out.write(buffer, 0, keep);
                written += keep;
            }
        }
        return written;
    }

    /** The submission's name (folder or zip name). */
    public String name() {
        return name;
    }

    /** Where its files are (the unpacked copy for a zip). */
    public Path root() {
        return root;
    }

    /** Things a student should know about the submission itself (ambiguous files, skipped entries). */
    public synchronized List<String> notes() {
        List<String> all = new ArrayList<>(notes);
        if (!notesDropped.isEmpty()) {
            all.add("… and " + notesDropped.size() + " more note" + (notesDropped.size() == 1 ? "" : "s")
                + " like these, not shown");
        }
        return List.copyOf(all);
    }

    /**
     * Keeps a note once, up to {@link #MAX_NOTES}; past them only counts the distinct ones (a zip of
     * thousands of entries named to be skipped would otherwise put thousands of lines in every report).
     */
    private synchronized void note(String text) {
        if (notes.contains(text) || notes.size() < MAX_NOTES && notes.add(text)) {
            return;
        }
        notesDropped.add(text);
    }

    /** Keeps a note whatever came before it: one of the few that say a limit cut the submission short. */
    private synchronized void kept(String text) {
        notes.add(text);
    }

    /**
     * The source file of {@code convkit.exercises.<exercise>}: a file {@code <exercise>.java}
     * declaring that package. Prefers one under {@code src/main/java}, then the shortest path;
     * files under a {@code test} folder are ignored.
     */
    public Optional<Path> source(String exercise) {
        String fileName = exercise + ".java";
        List<Path> found;
        try (Stream<Path> files = Files.walk(root, SEARCH_DEPTH)) {
            found = files
                .filter(p -> !isLink(p, fileName))
                .filter(p -> p.getFileName() != null && p.getFileName().toString().equals(fileName))
                .filter(Files::isRegularFile)
                .filter(p -> !root.relativize(p).toString().replace('\\', '/').matches("(.*/)?test/.*"))
                .filter(Submission::declaresPackage)
                .sorted(Comparator.comparing((Path p) -> !p.toString().replace('\\', '/').contains("src/main/java/"))
                    .thenComparing(p -> p.getNameCount()).thenComparing(Path::toString))
                .toList();
        } catch (IOException | UncheckedIOException e) {
            note("could not search the submission: " + Expect.shown(e.getMessage()));
            return Optional.empty();
        }
        if (found.size() > 1) {
            // Ex11 looks up the exercises it uses once more: a note is kept once
            note(fileName + " found " + found.size() + " times; graded "
                + Expect.shown(root.relativize(found.getFirst()).toString()));
        }
        return found.stream().findFirst();
    }

    /**
     * Whether {@code p} is a symbolic link, which is never followed: the grader reads files
     * wherever its user may, and a link in a submission (git and many unzip tools keep them) could
     * lead it to the instructor's solutions or the hidden suites. Links named like the source
     * sought, and links to folders, are noted, so the student learns why a file was not graded.
     */
    private boolean isLink(Path p, String fileName) {
        if (!Files.isSymbolicLink(p)) {
            return false;
        }
        String shown = Expect.shown(root.relativize(p).toString().replace('\\', '/'));
        if (p.getFileName().toString().equals(fileName)) {
            linksSkipped.putIfAbsent(fileName, shown);
        }
        String note = p.getFileName().toString().equals(fileName)
            ? shown + " is a symbolic link, which the grader does not follow: submit the file itself"
            : Files.isDirectory(p)
            ? "folder " + shown + " is a symbolic link, which the grader does not follow: put its files in the"
                + " submission itself"
            : null;
        if (note != null) {
            note(note);
        }
        return true;
    }

    /**
     * Where a symbolic link named like {@code exercise}'s source was skipped by {@link #source}
     * (asked after it), or empty.
     */
    public Optional<String> skippedLink(String exercise) {
        return Optional.ofNullable(linksSkipped.get(exercise + ".java"));
    }

    private static boolean declaresPackage(Path file) {
        try {
            if (Files.size(file) > MAX_BYTES) {
                return false;
            }
            return PACKAGE.matcher(Files.readString(file, StandardCharsets.UTF_8)).find();
        } catch (MalformedInputException e) {
            try {
                return PACKAGE.matcher(Files.readString(file, StandardCharsets.ISO_8859_1)).find();
            } catch (IOException again) {
                return false;
            }
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        if (extracted != null) {
            // never through a link: one left in the copy must not lead the deletion outside it
            convkit.grader.run.ChildInvoker.deleteTree(extracted);
        }
    }
}
