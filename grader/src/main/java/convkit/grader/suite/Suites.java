package convkit.grader.suite;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Every hidden suite, in the order of the exercises. */
public final class Suites {

    /**
     * The reference warns (System.Logger, WARNING) when a stride skips edge pixels; the suites do
     * that on purpose, so the grader turns those warnings off. Held here so it is not collected.
     */
    private static final java.util.logging.Logger REFERENCE_LOG = quietReference();

    private Suites() {
    }

    private static java.util.logging.Logger quietReference() {
        java.util.logging.Logger log = java.util.logging.Logger.getLogger("convkit.reference");
        log.setLevel(java.util.logging.Level.SEVERE);
        return log;
    }

    /** Every suite with its practice cases: what a student's own {@code convkit grade} runs. */
    public static List<Suite> all() {
        return all(CaseSeed.PRACTICE);
    }

    /**
     * Every suite, its random cases drawn from {@code seed}; each computes its cases (and their
     * expected values) once, on first use. Each call makes new suites, so the cache is per seed.
     */
    public static List<Suite> all(CaseSeed seed) {
        REFERENCE_LOG.getLevel();
        return Stream.of(new Ex01OutputSizeSuite(seed), new Ex02PaddingSuite(seed), new Ex03CrossCorrelationSuite(seed),
                new Ex04ConvolutionSuite(seed), new Ex05ConvLayerSuite(seed), new Ex06Im2colSuite(seed),
                new Ex07PoolingSuite(seed), new Ex08ConvBackwardSuite(seed), new Ex09PoolBackwardSuite(seed),
                new Ex10ConceptChecksSuite(seed), new Ex11TrainingSuite(seed))
            .<Suite>map(Computed::new).toList();
    }

    /** The seed that every one of {@code suites} draws from; they must agree (a grade is one kind of run). */
    public static CaseSeed seedOf(List<Suite> suites) {
        if (suites.isEmpty()) {
            throw new IllegalArgumentException("no suites: a grade needs at least one exercise");
        }
        CaseSeed seed = suites.getFirst().seed();
        for (Suite suite : suites) {
            if (!suite.seed().equals(seed)) {
                throw new IllegalArgumentException("suites drawn from different seeds: " + suites.getFirst().exercise() + " from the "
                    + seed + ", " + suite.exercise() + " from the " + suite.seed());
            }
        }
        return seed;
    }

    /** A suite whose cases are computed once: a batch grades many submissions with the same list. */
    private static final class Computed implements Suite {
        private final Suite suite;
        private List<TestCase> cases;

        Computed(Suite suite) {
            this.suite = suite;
        }

        @Override
        public String exercise() {
            return suite.exercise();
        }

        @Override
        public CaseSeed seed() {
            return suite.seed();
        }

        @Override
        public boolean startsJShell() {
            return suite.startsJShell();
        }

        @Override
        public List<Uses> uses() {
            return suite.uses();
        }

        @Override
        public synchronized List<TestCase> cases() {
            if (cases == null) {
                cases = suite.cases();
            }
            return cases;
        }
    }

    /** The practice suite of an exercise named {@code Ex05ConvLayer}, {@code Ex05} or {@code 5}. */
    public static Optional<Suite> named(String name) {
        return named(name, CaseSeed.PRACTICE);
    }

    /** The suite of an exercise named {@code Ex05ConvLayer}, {@code Ex05} or {@code 5}, drawn from {@code seed}. */
    public static Optional<Suite> named(String name, CaseSeed seed) {
        String wanted = name.strip();
        return all(seed).stream()
            .filter(s -> s.exercise().equalsIgnoreCase(wanted) || s.exercise().substring(0, 4).equalsIgnoreCase(wanted)
                || wanted.matches("\\d{1,2}") && Integer.parseInt(wanted) == Integer.parseInt(s.exercise().substring(2, 4)))
            .findFirst();
    }
}
