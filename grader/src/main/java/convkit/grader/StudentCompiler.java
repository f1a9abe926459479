package convkit.grader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Function;

import convkit.grader.child.CompileRunner;
import convkit.grader.run.JailedJava;
import convkit.grader.run.Sandbox;
import convkit.grader.suite.Suite;
import convkit.grader.suite.Uses;

/**
 * Compiles a submission's exercises, each on its own, in one sandboxed JVM ({@link CompileRunner})
 * with a memory limit and a time limit per exercise: a source that keeps javac busy past the limit
 * gets "did not compile in N s" for that exercise only, and the compiler starts afresh for the
 * rest. Options: {@code -proc:none}, {@code --release 25}, an empty class path and source path.
 * An exercise that uses others (Ex11) is compiled with their sources, or with stand-ins for those
 * missing or broken ({@link CompileRunner}).
 */
public final class StudentCompiler {

    /** The compiler's heap: javac needs far less for an exercise; a bomb stops here. */
    static final int HEAP_MEGABYTES = 384;

    private StudentCompiler() {
    }

    /**
     * The result of one exercise's compilation.
     *
     * @param ok          whether class files were written
     * @param classes     the output folder
     * @param diagnostics the compiler's errors with the source line and a caret, ready to show
     */
    public record Result(boolean ok, Path classes, String diagnostics) {
    }

    /**
     * One exercise to compile: its name, its source file, the folder for its classes, and the
     * exercises it is compiled with ({@link Suite#uses()}).
     */
    public record Job(String exercise, Path source, Path classes, List<Used> uses) {

        public Job {
            uses = List.copyOf(uses);
        }
    }

    /** An exercise compiled with a job's: its source (a private copy, {@code null} when missing) and its stand-in. */
    public record Used(Uses uses, Path source) {
    }

    /**
     * Copies one exercise's source into {@code work/<exercise>/src}, readable by the sandbox, and
     * makes its empty classes folder, writable by the sandbox's compiler: the job for
     * {@link #compile}. The submission itself is never bound into a sandbox.
     */
    public static Job prepare(Sandbox sandbox, String exercise, Path source, Path work) throws IOException {
        return prepare(sandbox, exercise, source, List.of(), name -> Optional.empty(), work);
    }

    /**
     * As {@link #prepare(Sandbox, String, Path, Path)}, for an exercise compiled with the exercises
     * in {@code uses}, whose sources {@code sources} finds (copied too, into
     * {@code work/<exercise>/uses}).
     */
    public static Job prepare(Sandbox sandbox, String exercise, Path source, List<Uses> uses,
                              Function<String, Optional<Path>> sources, Path work) throws IOException {
        Path src = Files.createDirectories(work.resolve(exercise).resolve("src"));
        Path copy = src.resolve(source.getFileName());
        Files.copy(source, copy);
        Path classes = Files.createDirectories(work.resolve(exercise).resolve("classes"));
        sandbox.openTo(work, src);
        sandbox.openTo(work, classes);
        sandbox.handTo(classes);
        List<Used> used = new ArrayList<>();
        if (!uses.isEmpty()) {
            Path folder = Files.createDirectories(work.resolve(exercise).resolve("uses"));
            for (Uses u : uses) {
                Optional<Path> found = sources.apply(u.exercise());
                Path usedCopy = null;
                if (found.isPresent()) {
                    usedCopy = folder.resolve(u.exercise() + ".java");
                    Files.copy(found.get(), usedCopy);
                }
                used.add(new Used(u, usedCopy));
            }
            sandbox.openTo(work, folder);
        }
        return new Job(exercise, copy, classes, used);
    }

    /**
     * Compiles one source on its own, in a new folder of its own (kept: the caller runs the
     * classes, from {@link Result#classes()}, and may delete it).
     */
    public static Result compileAlone(Sandbox sandbox, Path source, Duration limit) throws IOException {
        Path work = Files.createTempDirectory("convkit-compile");
        String name = source.getFileName().toString().replaceFirst("\\.java$", "");
        Job job = prepare(sandbox, name, source, work);
        return compile(sandbox, List.of(job), limit).get(name);
    }

    /**
     * Compiles every job; the source and the classes folder of each must exist (the classes folder
     * empty and writable by the sandbox's uid: {@link Sandbox#handTo}).
     *
     * @param perExercise the most time one exercise may take to compile
     */
    public static Map<String, Result> compile(Sandbox sandbox, List<Job> jobs, Duration perExercise) {
        Map<String, Result> results = new LinkedHashMap<>();
        compile(sandbox, jobs, perExercise, results::put);
        return results;
    }

    /**
     * Compiles every job, handing each result to {@code each} as soon as it is known (in the order
     * of the jobs), so that an exercise can run while the next one compiles.
     */
    public static void compile(Sandbox sandbox, List<Job> jobs, Duration perExercise, BiConsumer<String, Result> each) {
        Set<String> done = new HashSet<>();
        BiConsumer<String, Result> once = (exercise, result) -> {
            if (done.add(exercise)) {
                each.accept(exercise, result);
            }
        };
        List<Job> left = new ArrayList<>(jobs);
        while (!left.isEmpty()) {
            left = compileUntilStuck(sandbox, left, perExercise, once, done);
        }
    }

    /** Runs one compiler JVM over {@code jobs}; returns the jobs it did not reach. */
    private static List<Job> compileUntilStuck(Sandbox sandbox, List<Job> jobs, Duration perExercise,
                                               BiConsumer<String, Result> results, Set<String> done) {
        Sandbox.Jail jail = sandbox.jail(perExercise.multipliedBy(jobs.size()).plusSeconds(10), HEAP_MEGABYTES);
        List<Path[]> paths = new ArrayList<>();
        List<List<String>> usedPaths = new ArrayList<>();
        for (int i = 0; i < jobs.size(); i++) {
            Job job = jobs.get(i);
            Path source = jail.bind(job.source(), "/opt/src/" + i + "/" + job.source().getFileName(), false);
            Path classes = jail.bind(job.classes(), "/opt/out/" + i, true);
            paths.add(new Path[] {source, classes});
            List<String> used = new ArrayList<>();
            for (Used u : job.uses()) {
                used.add(u.source() == null ? ""
                    : jail.bind(u.source(), "/opt/uses/" + i + "/" + u.source().getFileName(), false).toString());
            }
            usedPaths.add(used);
        }
        JailedJava compiler;
        try {
            compiler = JailedJava.start(jail, List.of("-Xmx" + HEAP_MEGABYTES + "m"), CompileRunner.class.getName(), 16 * 1024);
        } catch (IOException e) {
            jobs.forEach(job -> results.accept(job.exercise(),
                new Result(false, job.classes(), "the compiler could not start: " + e.getMessage())));
            return List.of();
        }
        try (compiler) {
            var out = compiler.requests();
            out.writeInt(jobs.size());
            for (int i = 0; i < jobs.size(); i++) {
                out.writeUTF(jobs.get(i).exercise());
                out.writeUTF(paths.get(i)[0].toString());
                out.writeUTF(paths.get(i)[1].toString());
                List<Used> uses = jobs.get(i).uses();
                out.writeInt(uses.size());
                for (int j = 0; j < uses.size(); j++) {
                    out.writeUTF(uses.get(j).uses().exercise());
                    out.writeUTF(usedPaths.get(i).get(j));
                    out.writeUTF(uses.get(j).uses().standIn());
                }
            }
            out.flush();
            for (int i = 0; i < jobs.size(); i++) {
                Job job = jobs.get(i);
                long deadline = System.nanoTime() + perExercise.toNanos();
                try {
                    String name = compiler.answers().readUTF(deadline);
                    boolean ok = compiler.answers().readBoolean(deadline);
                    String errors = compiler.answers().readUTF(deadline);
                    if (!name.equals(job.exercise())) {
                        throw new IOException("the compiler answered for " + name + " instead of " + job.exercise());
                    }
                    results.accept(job.exercise(), new Result(ok && hasClasses(job.classes()), job.classes(),
                        ok ? "" : errors));
                } catch (TimeoutException e) {
                    results.accept(job.exercise(), new Result(false, job.classes(), "did not compile in "
                        + perExercise.toSeconds() + " s: the compiler was stopped (deeply nested code?)"));
                    return List.copyOf(jobs.subList(i + 1, jobs.size()));
                } catch (IOException e) {
                    results.accept(job.exercise(), new Result(false, job.classes(), "the compiler stopped on this file"
                        + compiler.exitStatus(1000) + ended(compiler) + " (out of memory with " + HEAP_MEGABYTES + " MiB?) "
                        + compiler.stderr()));
                    return List.copyOf(jobs.subList(i + 1, jobs.size()));
                }
            }
            return List.of();
        } catch (IOException e) {
            jobs.stream().filter(job -> !done.contains(job.exercise())).forEach(job -> results.accept(job.exercise(),
                new Result(false, job.classes(), "the compiler stopped (" + e.getMessage() + ")" + compiler.exitStatus(1000)
                    + ended(compiler) + " " + compiler.stderr())));
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while compiling", e);
        }
    }

    /** Why the sandbox ended the compiler (its files or memory), or nothing. */
    private static String ended(JailedJava compiler) {
        String why = compiler.sandboxEnded();
        return why == null ? "" : " (the sandbox ended it: " + why + ")";
    }

    private static boolean hasClasses(Path folder) {
        try (var files = Files.walk(folder)) {
            return files.anyMatch(p -> p.toString().endsWith(".class"));
        } catch (IOException e) {
            return false;
        }
    }
}
