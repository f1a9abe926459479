package convkit.cli;

import java.nio.file.Path;
import java.util.Map;

import convkit.grader.suite.CaseSeed;

/**
 * Which seed a grade draws its random cases from, and the one line that says so.
 *
 * <p>Without {@code --official}: the public practice seed. With it: the course's secret seed from
 * {@code --seed-file FILE}, else from the environment variable {@value #ENVIRONMENT}; with neither
 * it is a usage error, since an official grade on the public cases would be worth nothing.
 *
 * @param seed   the seed
 * @param source where an official seed came from ({@code --seed-file F} or the variable), "" for practice
 */
record SeedChoice(CaseSeed seed, String source) {

    /** The environment variable that may hold the course's secret seed (a number or a passphrase). */
    static final String ENVIRONMENT = "CONVKIT_COURSE_SEED";

    static SeedChoice of(boolean official, Path seedFile, Map<String, String> environment) {
        if (!official) {
            if (seedFile != null) {
                throw new IllegalArgumentException("--seed-file gives the course seed of an official run: add --official");
            }
            return new SeedChoice(CaseSeed.PRACTICE, "");
        }
        if (seedFile != null) {
            return new SeedChoice(CaseSeed.officialFromFile(seedFile), "--seed-file " + seedFile);
        }
        String variable = environment.get(ENVIRONMENT);
        if (variable != null && !variable.isBlank()) {
            return new SeedChoice(CaseSeed.official(variable), "$" + ENVIRONMENT);
        }
        throw new IllegalArgumentException("--official needs the course's secret seed: pass --seed-file FILE or set the"
            + " environment variable " + ENVIRONMENT + " (one seed per course and term, set by the instructor;"
            + " the autograder bundle carries its own)");
    }

    /** The line printed once at the top of a grade. */
    String announcement() {
        return seed.kind() == CaseSeed.Kind.OFFICIAL
            ? "official grading: random test inputs from the course's secret seed (" + source + ")"
            : "practice grading: the official grade uses the same examples and edge cases but other random inputs";
    }
}
