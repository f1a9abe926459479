package convkit.fast;

import java.io.PrintWriter;
import java.util.Arrays;

import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * A child-JVM entry point for {@link NarrowVectorsTests}: runs the given test classes with JUnit at
 * this JVM's vector width and prints the lanes of a float vector and the counts; exit status 1 if
 * a test failed or none ran.
 */
final class NarrowVectorsProbe {

    private NarrowVectorsProbe() {
    }

    public static void main(String[] classes) throws ClassNotFoundException {
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request();
        for (String name : classes) {
            request.selectors(selectClass(Class.forName(name)));
        }
        LauncherDiscoveryRequest built = request.build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(built, listener);
        TestExecutionSummary summary = listener.getSummary();
        System.out.println("lanes " + jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length() + " for "
            + Arrays.toString(classes));
        System.out.printf("tests %d, succeeded %d, failed %d, aborted %d%n", summary.getTestsFoundCount(),
            summary.getTestsSucceededCount(), summary.getTotalFailureCount(), summary.getTestsAbortedCount());
        summary.printFailuresTo(new PrintWriter(System.out), 12);
        System.out.flush();
        System.exit(summary.getTotalFailureCount() == 0 && summary.getTestsSucceededCount() > 0 ? 0 : 1);
    }
}
