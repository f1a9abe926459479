package convkit.site;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/**
 * Builds the lesson site: lessons, reference and exercise sources, progress, performance,
 * Javadoc, search index and the bundled KaTeX, into a temporary folder that replaces the
 * output folder only when everything succeeded.
 *
 * <pre>
 *   SiteBuilder.Report report = new SiteBuilder(SiteBuilder.Options.defaults(root)).build();
 * </pre>
 */
public final class SiteBuilder {

    private static final Pattern LESSON_NAME = Pattern.compile("(\\d\\d)-([a-z0-9]+(?:-[a-z0-9]+)*)\\.md");

    /**
     * What to build from and where to.
     *
     * @param root           the project root (holds lessons/, reference/, exercises/)
     * @param out            the site folder to (re)place
     * @param cacheDir       where snippet outputs and Javadoc are kept between builds
     * @param resultsJson    the grader's latest results.json (may be absent)
     * @param benchmarkJson  the recorded benchmark (may be absent)
     * @param snippetTimeout how long one jshell statement may run
     * @param javadoc        whether to generate the reference Javadoc
     */
    public record Options(Path root, Path out, Path cacheDir, Path resultsJson, Path benchmarkJson,
                          Duration snippetTimeout, boolean javadoc) {

        /** The usual layout under {@code root}: output {@code site/target/site}, cache {@code .convkit/site-cache}. */
        public static Options defaults(Path root) {
            Path r = root.toAbsolutePath().normalize();
            return new Options(r, r.resolve("site/target/site"), r.resolve(".convkit/site-cache"),
                r.resolve(ProgressPage.DEFAULT_RESULTS), r.resolve(BenchmarkData.RECORDED_PATH),
                Duration.ofSeconds(20), true);
        }

        public Options withOut(Path newOut) {
            return new Options(root, newOut, cacheDir, resultsJson, benchmarkJson, snippetTimeout, javadoc);
        }

        public Options withResults(Path newResults) {
            return new Options(root, out, cacheDir, newResults, benchmarkJson, snippetTimeout, javadoc);
        }

        public Options withCacheDir(Path newCache) {
            return new Options(root, out, newCache, resultsJson, benchmarkJson, snippetTimeout, javadoc);
        }

        public Options withSnippetTimeout(Duration timeout) {
            return new Options(root, out, cacheDir, resultsJson, benchmarkJson, timeout, javadoc);
        }

        public Options withBenchmark(Path newBenchmark) {
            return new Options(root, out, cacheDir, resultsJson, newBenchmark, snippetTimeout, javadoc);
        }

        public Options withJavadoc(boolean generate) {
            return new Options(root, out, cacheDir, resultsJson, benchmarkJson, snippetTimeout, generate);
        }
    }

    /**
     * What a build did.
     *
     * @param out             the finished site
     * @param pages           HTML pages written (Javadoc not counted)
     * @param lessonsRun      lessons whose snippets ran
     * @param lessonsCached   lessons whose snippet outputs came from the cache
     * @param trainingRuns    trainings run for the training figures (0 when none is shown or the record was cached)
     * @param millis          wall-clock time of the build
     */
    public record Report(Path out, int pages, int lessonsRun, int lessonsCached, int trainingRuns, long millis) {
    }

    private final Options options;

    public SiteBuilder(Options options) {
        this.options = options;
    }

    /** Builds the site; bad input throws {@link SiteException} and leaves the old output untouched. */
    public Report build() {
        long start = System.nanoTime();
        Path out = options.out().toAbsolutePath().normalize();
        Path parent = out.getParent();
        Path tmp;
        try {
            Files.createDirectories(parent);
            tmp = Files.createTempDirectory(parent, "." + out.getFileName() + ".tmp-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder next to " + out, e);
        }
        try {
            Counts counts = buildInto(tmp);
            swap(tmp, out);
            return new Report(out, counts.pages, counts.run, counts.cached, counts.trainings,
                (System.nanoTime() - start) / 1_000_000);
        } finally {
            deleteTree(tmp);
        }
    }

    private record Counts(int pages, int run, int cached, int trainings) {
    }

    private Counts buildInto(Path dir) {
        Path root = options.root();
        List<Lesson> lessons = readLessons(root);
        SourceIndex sources = SourceIndex.scan(root);
        checkFrontMatterNames(lessons, sources);

        // the Javadoc is made while the snippets run: both take seconds, and JShell waits on its child JVMs
        ExecutorService background = Executors.newSingleThreadExecutor();
        Future<?> javadoc = background.submit(() -> {
            if (options.javadoc()) {
                Javadoc.generate(root, options.cacheDir().resolve("javadoc"), dir.resolve("api"));
            }
            return null;
        });
        background.shutdown();
        SnippetCache cache = new SnippetCache(options.cacheDir().resolve("snippets"));
        List<Path> classPath = ReferenceClassPath.entries();
        String classesHash = ReferenceClassPath.hash(classPath);
        Map<Lesson, List<String>> outputs;
        try {
            outputs = runSnippets(lessons, cache, classPath, classesHash);
        } finally {
            awaitJavadoc(javadoc);
        }

        BenchmarkData benchmark = BenchmarkData.read(options.benchmarkJson());
        TrainingCache training = new TrainingCache(options.cacheDir().resolve("training"), classesHash);
        Figures figureMaker = new Figures(benchmark, () -> training.get(TrainingRecord.Plan.LESSON));
        LessonRenderer renderer = new LessonRenderer(figureMaker);
        Layout layout = new Layout(lessons.stream()
            .map(l -> new Layout.NavItem(l.pageName(), l.number() + ". " + l.frontMatter().title())).toList(),
            List.of(new Layout.NavItem("reference/index.html", "Reference sources"),
                new Layout.NavItem("exercises/index.html", "Exercises"),
                new Layout.NavItem("progress.html", "Progress"),
                new Layout.NavItem("performance.html", "Performance"),
                new Layout.NavItem("api/index.html", "Reference Javadoc")));

        Map<String, String> pages = new LinkedHashMap<>();
        Map<String, List<LessonRenderer.SourceLink>> lessonLinks = new HashMap<>();
        Map<String, Path> lessonFiles = new HashMap<>();
        Map<String, String> figures = new LinkedHashMap<>();
        Pages pageMaker = new Pages(layout, lessons, sources);
        // each lesson: render its Markdown with the snippet outputs, then frame it
        for (int i = 0; i < lessons.size(); i++) {
            Lesson lesson = lessons.get(i);
            List<String> lessonOutputs = outputs.get(lesson);
            LessonRenderer.Rendered rendered = renderer.render(lesson, blocks -> lessonOutputs);
            figures.putAll(rendered.figures());
            Lesson prev = i > 0 ? lessons.get(i - 1) : null;
            Lesson next = i + 1 < lessons.size() ? lessons.get(i + 1) : null;
            pages.put(lesson.pageName(), pageMaker.lesson(lesson, rendered.html(), prev, next));
            lessonLinks.put(lesson.pageName(), rendered.links());
            lessonFiles.put(lesson.pageName(), lesson.file());
        }
        pages.put("index.html", pageMaker.home());
        pages.putAll(pageMaker.sourcePages());
        pages.put("progress.html", ProgressPage.html(layout, options.resultsJson(), root));
        pages.put("performance.html", pageMaker.performance(benchmark, root));
        if (!benchmark.results().isEmpty()) {
            figures.put("benchmark.svg", figureMaker.render(Path.of(BenchmarkData.RECORDED_PATH), 0, "benchmark",
                "GFLOP/s per layer: naive, im2col, fast"));
        }

        try {
            for (Map.Entry<String, String> figure : figures.entrySet()) {
                write(dir.resolve("figures").resolve(figure.getKey()), figure.getValue());
            }
            Assets.copyInto(dir.resolve("assets"));
            if (!options.javadoc()) {
                write(dir.resolve("api/index.html"), layout.page("api/index.html", "Reference Javadoc",
                    "<h1>Reference Javadoc</h1><p>This build skipped the Javadoc.</p>", null));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the site into " + dir, e);
        }

        Map<String, Document> docs = new LinkedHashMap<>();
        for (Map.Entry<String, String> page : pages.entrySet()) {
            Document doc = Jsoup.parse(page.getValue());
            doc.outputSettings().prettyPrint(false);
            PostProcessor.process(doc, lessonFiles.containsKey(page.getKey()));
            docs.put(page.getKey(), doc);
        }
        try {
            write(dir.resolve("assets/search-index.js"), SearchIndex.script(docs, lessonFiles.keySet()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the search index into " + dir, e);
        }
        new LinkChecker(dir, docs, lessonLinks, lessonFiles).check();
        try {
            for (Map.Entry<String, Document> doc : docs.entrySet()) {
                write(dir.resolve(doc.getKey()), doc.getValue().outerHtml());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the site into " + dir, e);
        }
        return new Counts(docs.size(), cache.runs(), cache.hits(), training.runs());
    }

    private static void awaitJavadoc(Future<?> javadoc) {
        try {
            javadoc.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof IOException io) {
                throw new UncheckedIOException("cannot write the Javadoc", io);
            }
            throw new IllegalStateException("the Javadoc failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while making the Javadoc", e);
        }
    }

    /** Lesson files in course order; a misnamed file or a repeated number is an error. */
    static List<Lesson> readLessons(Path root) {
        Path lessonsDir = root.resolve("lessons");
        if (!Files.isDirectory(lessonsDir)) {
            throw new SiteException(Path.of("lessons"), 0, "no lessons folder: create it with files NN-slug.md");
        }
        List<Lesson> lessons = new ArrayList<>();
        Map<Integer, Path> numbers = new HashMap<>();
        try (Stream<Path> files = Files.list(lessonsDir)) {
            for (Path absolute : files.filter(f -> f.toString().endsWith(".md")).sorted().toList()) {
                String name = absolute.getFileName().toString();
                Path file = root.relativize(absolute);
                if (name.equalsIgnoreCase("README.md")) {
                    continue;
                }
                Matcher m = LESSON_NAME.matcher(name);
                if (!m.matches()) {
                    throw new SiteException(file, 0, "lesson file name must look like NN-slug.md (e.g. 05-output-size.md)");
                }
                int number = Integer.parseInt(m.group(1));
                Path clash = numbers.putIfAbsent(number, file);
                if (clash != null) {
                    throw new SiteException(file, 0, "lesson number " + m.group(1) + " is also used by " + clash.getFileName());
                }
                List<String> lines = Files.readAllLines(absolute, StandardCharsets.UTF_8);
                FrontMatter fm = FrontMatter.parse(file, lines);
                List<String> body = new ArrayList<>(lines);
                // blank the front matter so that parser lines are file lines
                for (int i = 0; i < fm.bodyStart(); i++) {
                    body.set(i, "");
                }
                lessons.add(new Lesson(file, number, name.substring(0, name.length() - 3), fm, List.copyOf(body)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the lessons in " + lessonsDir, e);
        }
        lessons.sort(Comparator.comparingInt(Lesson::number));
        return lessons;
    }

    private static void checkFrontMatterNames(List<Lesson> lessons, SourceIndex sources) {
        for (Lesson lesson : lessons) {
            FrontMatter fm = lesson.frontMatter();
            for (String name : fm.reference()) {
                if (!sources.reference().containsKey(name)) {
                    throw new SiteException(lesson.file(), fm.lineOf("reference"), "unknown reference class '" + name
                        + "': no reference/src/main/java/**/" + name + ".java; known: " + sources.reference().keySet());
                }
            }
            for (String name : fm.exercises()) {
                if (!sources.exercises().containsKey(name)) {
                    throw new SiteException(lesson.file(), fm.lineOf("exercises"), "unknown exercise '" + name
                        + "': no exercises/src/main/java/**/" + name + ".java; known: " + sources.exercises().keySet());
                }
            }
        }
    }

    /** Runs the snippets of every lesson whose cache entry is missing, a few lessons at a time (JShell waits on its child JVM). */
    private Map<Lesson, List<String>> runSnippets(List<Lesson> lessons, SnippetCache cache, List<Path> classPath,
                                                  String classesHash) {
        Map<Lesson, List<String>> outputs = new HashMap<>();
        Map<Lesson, Future<List<String>>> running = new LinkedHashMap<>();
        int threads = Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors() + 1));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (Lesson lesson : lessons) {
                List<SnippetRunner.Block> blocks = LessonRenderer.jshellBlocks(lesson);
                if (blocks.isEmpty()) {
                    outputs.put(lesson, List.of());
                    continue;
                }
                String key = SnippetCache.key(classesHash, blocks);
                List<String> cached = cache.get(key, blocks.size());
                if (cached != null) {
                    outputs.put(lesson, cached);
                    continue;
                }
                running.put(lesson, pool.submit(() -> {
                    List<String> result = SnippetRunner.run(lesson.file(), blocks, classPath, options.snippetTimeout());
                    cache.put(key, result);
                    return result;
                }));
            }
            for (Map.Entry<Lesson, Future<List<String>>> entry : running.entrySet()) {
                try {
                    outputs.put(entry.getKey(), entry.getValue().get());
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    throw new IllegalStateException("running the snippets of " + entry.getKey().file() + " failed", e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while running snippets", e);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return outputs;
    }

    static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** Replaces {@code out} by {@code tmp} with renames, so readers never see a half-written site. */
    private static void swap(Path tmp, Path out) {
        try {
            Path old = null;
            if (Files.exists(out)) {
                old = Files.createTempDirectory(out.getParent(), "." + out.getFileName() + ".old-");
                Files.delete(old);
                Files.move(out, old, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
            if (old != null) {
                deleteTree(old);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the new site from " + tmp + " to " + out, e);
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
