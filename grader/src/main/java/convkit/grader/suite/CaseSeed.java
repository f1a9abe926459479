package convkit.grader.suite;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Random;

/**
 * Where the hidden suites draw their random cases from.
 *
 * <p>Expected values are computed by the reference at grading time, so the only secret of a
 * hidden test is its input. Students grade themselves with the public {@link #PRACTICE} seed;
 * the official run (the Gradescope bundle, {@code convkit grade --official}) uses the course's
 * secret seed, so practice and the official grade share every worked example and fixed edge
 * case but not the random inputs. Each suite mixes the seed with a salt of its own, so two
 * suites never draw the same numbers.
 *
 * <p>An official run also mixes in a <em>draw</em> ({@link #withDraw}), new every run unless
 * given: the course's seed alone would hand every submission of the term the same random inputs,
 * and a student who learnt their answers from earlier runs (a test's pass or fail answers "is it
 * this value?"; the feedback names the input) could answer the next run from a table. With a new
 * draw each run such a table answers nothing; the draw, which means nothing without the secret, is recorded with the results
 * so that an instructor can run the same cases again.
 *
 * <p>The value of an official seed never appears in text: {@link #toString()} names only the kind.
 */
public final class CaseSeed {

    /** Practice (public, the same everywhere) or official (the course's secret). */
    public enum Kind {
        PRACTICE("practice"),
        OFFICIAL("official");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** The word results.json and the terminal use: {@code practice} or {@code official}. */
        public String label() {
            return label;
        }
    }

    /**
     * The public seed of local practice. Its value 0 leaves each suite's salt as it is, so
     * practice draws exactly the cases the suites drew before there was a course seed.
     */
    public static final CaseSeed PRACTICE = new CaseSeed(Kind.PRACTICE, 0L);

    /** Longer than any passphrase or number an instructor would type; a guard against reading a wrong file. */
    public static final int MAX_SECRET_CHARS = 4096;

    private final Kind kind;
    /** The course's seed (derived from its secret; 0 for practice). */
    private final long course;
    /** The run's draw, mixed into {@link #value}; null: none. */
    private final Long draw;
    /** What the random numbers come from: the course's seed, mixed with the draw when there is one. */
    private final long value;

    private CaseSeed(Kind kind, long course, Long draw) {
        this.kind = kind;
        this.course = course;
        this.draw = draw;
        this.value = draw == null ? course : firstLong(sha256("convkit draw\n" + Long.toHexString(course) + " "
            + Long.toHexString(draw)));
    }

    private CaseSeed(Kind kind, long course) {
        this(kind, course, null);
    }

    /**
     * The official seed of a course, from its secret: any text (a number, a passphrase), leading
     * and trailing white space ignored. The text is hashed (SHA-256), so a short or guessable
     * secret still spreads over every bit.
     */
    public static CaseSeed official(String secret) {
        String text = secret.strip();
        if (text.isEmpty()) {
            throw new IllegalArgumentException("the course seed is empty: write a number or a passphrase, one per course and term");
        }
        if (text.length() > MAX_SECRET_CHARS) {
            throw new IllegalArgumentException("the course seed has " + text.length() + " characters, at most "
                + MAX_SECRET_CHARS + " expected: is this the right file?");
        }
        return new CaseSeed(Kind.OFFICIAL, firstLong(sha256("convkit course seed\n" + text)));
    }

    /**
     * This official seed with {@code draw} mixed in: the random cases of one run (the same draw,
     * the same cases). Practice has no draw: its cases are the same everywhere, so that a student
     * can run a failing case again.
     */
    public CaseSeed withDraw(long draw) {
        if (kind != Kind.OFFICIAL) {
            throw new IllegalStateException("only an official seed takes a draw; practice cases are the same everywhere");
        }
        return new CaseSeed(kind, course, draw);
    }

    /** This seed without its run's draw: the course's seed. */
    public CaseSeed course() {
        return new CaseSeed(kind, course);
    }

    /** The run's draw as 16 hex digits (what {@code --draw} takes back), or empty when there is none. */
    public String drawText() {
        return draw == null ? "" : String.format(java.util.Locale.ROOT, "%016x", draw);
    }

    /**
     * The draw {@code text} names: 1 to 16 hex digits, as {@link #drawText} writes them. Anything
     * else is an {@link IllegalArgumentException} that shows it.
     */
    public static long parseDraw(String text) {
        String digits = text.strip();
        if (!digits.matches("[0-9a-fA-F]{1,16}")) {
            throw new IllegalArgumentException("not a draw: '" + text + "' (expected 1 to 16 hex digits, as results.json's"
                + " extra_data.draw holds them)");
        }
        return Long.parseUnsignedLong(digits, 16);
    }

    private static long firstLong(byte[] hash) {
        long value = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            value = value << 8 | hash[i] & 0xFF;
        }
        return value;
    }

    /**
     * The official seed whose secret is the text of {@code file}. A missing, unreadable or empty
     * file is an {@link IllegalArgumentException} that names it.
     */
    public static CaseSeed officialFromFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no course seed file at " + file + " (expected a text file holding a number or a passphrase)");
        }
        String text;
        try {
            if (Files.size(file) > 4L * MAX_SECRET_CHARS) {
                throw new IllegalArgumentException("the course seed file " + file + " has " + Files.size(file)
                    + " bytes, at most " + 4L * MAX_SECRET_CHARS + " expected: is this the right file?");
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the course seed file " + file + ": " + e.getMessage(), e);
        }
        try {
            return official(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    public Kind kind() {
        return kind;
    }

    /**
     * This seed as a line of text for a grading process of a batch: the kind, the derived course
     * value (not the course's secret text) and the draw if any. Read back by {@link #fromToken}.
     */
    public String token() {
        return kind.name() + " " + Long.toHexString(course) + (draw == null ? "" : " " + drawText());
    }

    /** The seed a {@link #token()} describes. */
    public static CaseSeed fromToken(String token) {
        String[] parts = token.strip().split(" ");
        if (parts.length != 2 && parts.length != 3) {
            throw new IllegalArgumentException("not a seed token: expected '<KIND> <hex> [<draw>]', got " + parts.length
                + " parts");
        }
        return new CaseSeed(Kind.valueOf(parts[0]), Long.parseUnsignedLong(parts[1], 16),
            parts.length == 3 ? parseDraw(parts[2]) : null);
    }

    /** The random numbers of one suite (or one part of it): this seed mixed with the suite's own {@code salt}. */
    public Random random(long salt) {
        return new Random(salt ^ value);
    }

    /** Mixed into a suite's salt for its hidden edge cases' numbers, apart from its random cases'. */
    private static final long EDGES = 0xED_6E_00L;

    /**
     * The numbers of a suite's hidden edge cases whose answer would otherwise be one small number,
     * the same in every run (a test's pass or fail against the local grader answers "is it this
     * value?", so a student could find it by trying values and hand in a table): in an official
     * run random numbers apart from the random cases', in practice null (the suite keeps its own).
     */
    public Random edges(long salt) {
        return kind == Kind.OFFICIAL ? new Random(salt ^ EDGES ^ value) : null;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CaseSeed seed && seed.kind == kind && seed.course == course
            && java.util.Objects.equals(seed.draw, draw);
    }

    @Override
    public int hashCode() {
        return (Long.hashCode(course) * 31 + java.util.Objects.hashCode(draw)) * 31 + kind.hashCode();
    }

    /** The kind only ({@code practice seed} or {@code official seed}), never the value. */
    @Override
    public String toString() {
        return kind.label() + " seed";
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256, which every Java runtime must provide", e);
        }
    }
}
