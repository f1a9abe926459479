package convkit.cli;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;

import convkit.grader.suite.CaseSeed;

/**
 * Which seed a grade draws its random cases from, and the one line that says so.
 *
 * <p>Without {@code --official}: the public practice seed. With it: the course's secret seed from
 * {@code --seed-file FILE}, else from the environment variable {@value #ENVIRONMENT}; with neither
 * it is a usage error, since an official grade on the public cases would be worth nothing. An
 * official run mixes a new random draw into the course's seed ({@link CaseSeed#withDraw}), or the
 * one {@code --draw} gives to run an earlier run's cases again.
 *
 * @param seed   the seed
 * @param source where an official seed came from ({@code --seed-file F} or the variable), "" for practice
 */
record SeedChoice(CaseSeed seed, String source) {

    /** The environment variable that may hold the course's secret seed (a number or a passphrase). */
    static final String ENVIRONMENT = "CONVKIT_COURSE_SEED";

    /**
     * A seed for a practice run, or for an official one with the draw {@code draw} names (16 hex
     * digits, as results.json records it), or a new one when {@code draw} is null.
     */
    static SeedChoice of(boolean official, Path seedFile, Map<String, String> environment, String draw) {
        if (!official) {
            if (seedFile != null) {
                throw new IllegalArgumentException("--seed-file gives the course seed of an official run: add --official");
            }
            if (draw != null) {
                throw new IllegalArgumentException("--draw repeats the random cases of an official run: add --official");
            }
            return new SeedChoice(CaseSeed.PRACTICE, "");
        }
        long drawn = draw == null ? new SecureRandom().nextLong() : CaseSeed.parseDraw(draw);
        if (seedFile != null) {
            return new SeedChoice(CaseSeed.officialFromFile(seedFile).withDraw(drawn), "--seed-file " + seedFile);
        }
        String variable = environment.get(ENVIRONMENT);
        if (variable != null && !variable.isBlank()) {
            return new SeedChoice(CaseSeed.official(variable).withDraw(drawn), "$" + ENVIRONMENT);
        }
        throw new IllegalArgumentException("--official needs the course's secret seed: pass --seed-file FILE or set the"
            + " environment variable " + ENVIRONMENT + " (one seed per course and term, set by the instructor;"
            + " the autograder bundle carries its own)");
    }

    /** The line printed once at the top of a grade. */
    String announcement() {
        return seed.kind() == CaseSeed.Kind.OFFICIAL
            ? "official grading: random test inputs from the course's secret seed (" + source + ") and draw "
                + seed.drawText() + " (new each run; --draw " + seed.drawText() + " draws these cases again)"
            : "practice grading: the official grade uses the same examples and kinds of edge cases but other random inputs";
    }
}
