package convkit.grader.suite;

import java.util.List;
import java.util.Optional;

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

    /** Every suite; each computes its cases (and their expected values) once, on first use. */
    public static List<Suite> all() {
        REFERENCE_LOG.getLevel();
        return java.util.stream.Stream.of(new Ex01OutputSizeSuite(), new Ex02PaddingSuite(), new Ex03CrossCorrelationSuite(),
                new Ex04ConvolutionSuite(), new Ex05ConvLayerSuite(), new Ex06Im2colSuite(), new Ex07PoolingSuite(),
                new Ex08ConvBackwardSuite(), new Ex09PoolBackwardSuite(), new Ex10ConceptChecksSuite())
            .<Suite>map(Computed::new).toList();
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
        public synchronized List<TestCase> cases() {
            if (cases == null) {
                cases = suite.cases();
            }
            return cases;
        }
    }

    /** The suite of an exercise named {@code Ex05ConvLayer}, {@code Ex05} or {@code 5}. */
    public static Optional<Suite> named(String name) {
        String wanted = name.strip();
        return all().stream()
            .filter(s -> s.exercise().equalsIgnoreCase(wanted) || s.exercise().substring(0, 4).equalsIgnoreCase(wanted)
                || wanted.matches("\\d{1,2}") && Integer.parseInt(wanted) == Integer.parseInt(s.exercise().substring(2, 4)))
            .findFirst();
    }
}
