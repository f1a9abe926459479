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
    private final long value;

    private CaseSeed(Kind kind, long value) {
        this.kind = kind;
        this.value = value;
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
        byte[] hash = sha256("convkit course seed\n" + text);
        long value = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            value = value << 8 | hash[i] & 0xFF;
        }
        return new CaseSeed(Kind.OFFICIAL, value);
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
     * This seed as a line of text for a grading process of a batch: the kind and the derived
     * value (not the course's secret text). Read back by {@link #fromToken}.
     */
    public String token() {
        return kind.name() + " " + Long.toHexString(value);
    }

    /** The seed a {@link #token()} describes. */
    public static CaseSeed fromToken(String token) {
        String[] parts = token.strip().split(" ");
        if (parts.length != 2) {
            throw new IllegalArgumentException("not a seed token: expected '<KIND> <hex>', got " + parts.length + " parts");
        }
        return new CaseSeed(Kind.valueOf(parts[0]), Long.parseUnsignedLong(parts[1], 16));
    }

    /** The random numbers of one suite (or one part of it): this seed mixed with the suite's own {@code salt}. */
    public Random random(long salt) {
        return new Random(salt ^ value);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CaseSeed seed && seed.kind == kind && seed.value == value;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(value) * 31 + kind.hashCode();
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
