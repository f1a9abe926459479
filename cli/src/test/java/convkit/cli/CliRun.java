package convkit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import convkit.reference.DType;
import convkit.reference.Npy;
import convkit.reference.Tensor;
import picocli.CommandLine;

/** Test helper: runs the CLI in-process and keeps exit code, standard output and standard error. */
record CliRun(int exitCode, String out, String err) {

    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    static Path write(Path dir, String name, Tensor t, DType dtype) throws IOException {
        Path file = dir.resolve(name);
        Npy.write(file, t, dtype);
        return file;
    }

    static Tensor ramp(double scale, int... shape) {
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < t.size(); i++) {
            t.data()[i] = scale * ((i * 7919) % 23 - 11); // a fixed, irregular pattern of small values
        }
        return t;
    }

    /** Each value rounded to float32 and back, as a float32 .npy file stores it. */
    static Tensor asFloat32(Tensor t) {
        Tensor r = t.copy();
        for (int i = 0; i < r.size(); i++) {
            r.data()[i] = (float) r.data()[i];
        }
        return r;
    }
}
