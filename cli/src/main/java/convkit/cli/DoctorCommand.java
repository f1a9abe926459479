package convkit.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import convkit.fast.FastBackend;
import convkit.fast.FastConv2d;
import convkit.fast.PlanCache;
import convkit.fast.Tuning;
import convkit.grader.run.Sandbox;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code convkit doctor}: what this machine offers convkit. */
@Command(name = "doctor",
    description = "Show the JDK, the fast backend, the Vector API, the cores in use and the plan of each bench layer.")
final class DoctorCommand implements Callable<Integer> {

    @Mixin
    private HelpOption help;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.printf("JDK        %s (%s)%n", Runtime.version(), System.getProperty("java.home"));
        out.printf("vendor     %s%n", System.getProperty("java.vendor"));
        out.printf("OS         %s %s (%s)%n",
            System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("os.arch"));
        out.printf("cores      %d%n", Runtime.getRuntime().availableProcessors());
        out.printf("max heap   %d MiB%n", Runtime.getRuntime().maxMemory() >> 20);
        KernelBursts.note(java.nio.file.Path.of("/proc")).ifPresent(note -> out.println("bursts     " + note));
        // which GEMM the fast path would use: native BLAS (library, marker) or the Java fallback
        FastBackend.report().forEach(out::println);
        // the OS boundary `grade` puts around student code on this machine
        Sandbox sandbox = Sandbox.detect(Sandbox.Choice.AUTO, Sandbox.DEFAULT_UID);
        out.printf("sandbox    %s%n", sandbox.describe());
        int threads = Runtime.getRuntime().availableProcessors();
        out.println("plans      of the bench suite, float32, " + threads + " thread" + (threads == 1 ? "" : "s") + ":");
        Tuning tuning;
        try {
            tuning = Tuning.fromSystemProperty();
        } catch (IllegalArgumentException e) {
            tuning = Tuning.DEFAULTS; // the report's tuning line has named the error
        }
        // the rules' plans: measuring every suite layer would take a minute (bench --show-plans does it)
        FastConv2d conv = new FastConv2d(FastBackend.gemm(), threads, tuning.withPlan(Tuning.Plan.FIXED),
            PlanCache.inMemory());
        BenchCommand.plans(BenchLayer.SUITE, conv, out);
        out.printf("           (by the rules; ./convkit bench --show-plans measures the routes on this machine and "
            + "remembers them in %s)%n", PlanCache.standard().where());
        return 0;
    }
}
