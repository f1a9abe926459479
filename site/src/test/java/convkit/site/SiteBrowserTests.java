package convkit.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

import convkit.reference.Conv2d;
import convkit.reference.ConvSpec;
import convkit.reference.Format;
import convkit.reference.OutputSize;
import convkit.reference.PaddingMode;
import convkit.reference.Tensor;

/**
 * The site in a real browser: Debian's headless Chromium through Selenium, from {@code file://}.
 * Opens every page at 1280 and 390 px (KaTeX rendered, no KaTeX errors, no SEVERE console
 * messages, nothing wider than the main column, figures legible, Copy buttons clear of the code),
 * drives the explorer, checks its arithmetic against {@link OutputSize}, searches, and saves
 * screenshots under {@code target/screenshots/} (one folder per width). Skipped, with the reason, only where Chromium or its driver
 * is not installed. It checks this checkout's own lessons ({@link #siteToCheck} for the others).
 */
class SiteBrowserTests {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target/screenshots");

    /** The reference warns about unread pixels on purpose-made settings; held here so the setting is not collected. */
    private static final java.util.logging.Logger REFERENCE_LOG = java.util.logging.Logger.getLogger("convkit.reference");

    @TempDir
    static Path work;

    static Path site;
    static ChromeDriver driver;

    @BeforeAll
    static void buildSiteAndStartChromium() throws IOException {
        assumeTrue(Files.isExecutable(CHROMIUM), "skipped: no Chromium at " + CHROMIUM + " (apt-get install chromium)");
        assumeTrue(Files.isExecutable(CHROMEDRIVER), "skipped: no chromedriver at " + CHROMEDRIVER
            + " (apt-get install chromium-driver)");
        REFERENCE_LOG.setLevel(Level.SEVERE);
        SiteBuilder.Options options = siteToCheck();
        // a graded attempt, so that the progress page is checked with its sections, hints and long feedback
        Path results = work.resolve("results.json");
        Files.writeString(results, """
            {"score": 1, "tests": [
              {"name": "Ex01OutputSize · outputSize: valid 3×3 on 5 pixels", "score": 1, "max_score": 1, "status": "passed",
               "tags": ["Ex01OutputSize", "example"]},
              {"name": "Ex01OutputSize · unreadPixels: stride 4 over kernel 3 skips a pixel between windows", "score": 0,
               "max_score": 2, "status": "failed", "tags": ["Ex01OutputSize", "hidden"],
               "output": "value differs: was <3> (hidden test: the expected value is not shown)\\nHint: pixels inside the image are missed too, not only past the last window: a stride larger than the window, or dilation's holes between taps, leave pixels that no tap reads"}
            ]}""");
        options = options.withResults(results).withOut(work.resolve("site"));
        site = new SiteBuilder(options).build().out();

        ChromeOptions chrome = new ChromeOptions();
        chrome.setBinary(CHROMIUM.toFile());
        chrome.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
            "--allow-file-access-from-files", "--user-data-dir=" + Files.createDirectories(work.resolve("profile")));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        chrome.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, chrome);
        driver.manage().window().setSize(new Dimension(1280, 900));
        Files.createDirectories(SCREENSHOTS);
    }

    /**
     * The lessons of this checkout (the module's parent), without the Javadoc and with a snippet cache
     * under target/; {@code -Dconvkit.site.root=DIR} another project's (with the Javadoc), and
     * {@code -Dconvkit.site.root=fixture} (or a module without a checkout around it) the small test fixture.
     */
    private static SiteBuilder.Options siteToCheck() {
        String chosen = System.getProperty("convkit.site.root", "");
        Path checkout = Path.of("..").toAbsolutePath().normalize();
        if (chosen.equals("fixture") || chosen.isEmpty() && !Files.isDirectory(checkout.resolve("lessons"))) {
            return SiteBuilder.Options.defaults(Fixture.copyTo(work.resolve("project"))).withCacheDir(Fixture.SHARED_CACHE)
                .withJavadoc(false);
        }
        if (chosen.isEmpty()) {
            return SiteBuilder.Options.defaults(checkout).withCacheDir(Path.of("target/site-cache").toAbsolutePath())
                .withJavadoc(false);
        }
        return SiteBuilder.Options.defaults(Path.of(chosen));
    }

    @AfterAll
    static void quit() {
        if (driver != null) {
            driver.quit();
        }
    }

    private static void open(String page) {
        driver.get(site.resolve(page).toUri().toString());
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d ->
            "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
    }

    private static void screenshot(String name) throws IOException {
        Path png = driver.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(png, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** The whole page, not only the first screen: the viewport grows to the page height for the shot. */
    private static void fullPageScreenshot(String name, int width) throws IOException {
        long height = (Long) ((JavascriptExecutor) driver).executeScript("return document.documentElement.scrollHeight;");
        viewport(width, (int) Math.min(Math.max(height, 900), 14000));
        try {
            Files.createDirectories(SCREENSHOTS.resolve(name).getParent());
            screenshot(name);
        } finally {
            viewport(width, 900);
        }
    }

    private static List<String> severeConsoleMessages() {
        List<String> severe = new ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
                severe.add(entry.getMessage());
            }
        }
        return severe;
    }

    private static List<String> pages() throws IOException {
        try (Stream<Path> walk = Files.walk(site)) {
            return walk.filter(p -> p.toString().endsWith(".html"))
                .map(p -> site.relativize(p).toString().replace('\\', '/'))
                .filter(p -> !p.startsWith("api/") || p.equals("api/index.html"))
                .sorted().toList();
        }
    }

    /** Desktop and phone widths every page is checked at, in CSS pixels. */
    private static final int[] WIDTHS = {1280, 390};

    /**
     * What on the page is wider than the main column (or makes the page scroll sideways), as
     * "tag.class spans left..right, column left..right"; an element inside a box that scrolls or
     * clips sideways is that box's business, and the box itself is checked.
     */
    private static final String OVERFLOW_SCRIPT = """
        var column = document.querySelector('article') || document.body;
        var box = column.getBoundingClientRect();
        var cs = getComputedStyle(column);
        var left = box.left + parseFloat(cs.paddingLeft) - 1, right = box.right - parseFloat(cs.paddingRight) + 1;
        var found = [];
        if (document.documentElement.scrollWidth > window.innerWidth + 1) {
          found.push('the page scrolls sideways: ' + document.documentElement.scrollWidth + ' > ' + window.innerWidth + ' px');
        }
        column.querySelectorAll('*').forEach(function (e) {
          for (var a = e.parentElement; a && a !== column; a = a.parentElement) {
            var ox = getComputedStyle(a).overflowX;
            if (ox === 'auto' || ox === 'scroll' || ox === 'hidden') { return; }
          }
          var r = e.getBoundingClientRect();
          // r.right <= 0: moved off screen on purpose (a skip link), not overflowing
          if (r.width > 0 && r.height > 0 && r.right > 0 && (r.right > right || r.left < left) && found.length < 12) {
            found.push(e.tagName.toLowerCase() + (e.className && e.className.baseVal === undefined ? '.' + e.className.split(' ').join('.') : '')
              + ' "' + (e.textContent || '').trim().slice(0, 40) + '" spans ' + Math.round(r.left) + '..' + Math.round(r.right)
              + ', column ' + Math.round(left) + '..' + Math.round(right));
          }
        });
        return found;""";

    /** Display math that does not fit its box: at desktop width none may, on a phone it must scroll visibly (.overflows). */
    private static final String WIDE_MATH_SCRIPT = """
        var desktop = arguments[0];
        return Array.from(document.querySelectorAll('.math-display')).filter(function (e) {
          return e.scrollWidth > e.clientWidth + 1 && (desktop || !e.classList.contains('overflows'));
        }).map(function (e) { return e.textContent.slice(0, 60) + ' (' + e.scrollWidth + ' > ' + e.clientWidth + ' px)'; });""";

    /** Figures drawn below 75 % of their size, and Copy buttons that overlap their code. */
    private static final String LEGIBILITY_SCRIPT = """
        var found = [];
        document.querySelectorAll('.figure img').forEach(function (img) {
          if (img.naturalWidth > 0 && img.getBoundingClientRect().width < 0.75 * img.naturalWidth) {
            found.push('figure ' + img.getAttribute('src') + ' drawn at ' + Math.round(img.getBoundingClientRect().width)
              + ' of ' + img.naturalWidth + ' px');
          }
        });
        document.querySelectorAll('.code-wrap').forEach(function (wrap) {
          var b = wrap.querySelector('.copy-button').getBoundingClientRect();
          var pre = wrap.querySelector('pre').getBoundingClientRect();
          if (b.bottom > pre.top && b.top < pre.bottom) {
            found.push('Copy button over the code "' + wrap.querySelector('pre').textContent.slice(0, 40) + '"');
          }
        });
        return found;""";

    /** The viewport of a desktop browser or, under 600 px, of a phone (touch, mobile layout). */
    private static void viewport(int width, int height) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
            "deviceScaleFactor", 1, "mobile", width < 600));
    }

    @SuppressWarnings("unchecked")
    private static List<String> run(String script, Object... args) {
        return (List<String>) ((JavascriptExecutor) driver).executeScript(script, args);
    }

    @Test
    void everyPageFitsItsColumnAndRendersItsMathWithoutErrorsAtDesktopAndPhoneWidths() throws IOException {
        List<String> pages = pages();
        assertTrue(pages.size() >= 8, "pages found: " + pages);
        List<String> problems = new ArrayList<>();
        int mathSeen = 0;
        try {
            for (int width : WIDTHS) {
                viewport(width, 900);
                for (String page : pages) {
                    open(page);
                    String where = page + " at " + width + " px: ";
                    Object unrendered = ((JavascriptExecutor) driver).executeScript(
                        "return Array.from(document.querySelectorAll('.math-inline, .math-display'))"
                            + ".filter(function (e) { return !e.querySelector('.katex'); }).map(function (e) { return e.outerHTML; });");
                    if (!((List<?>) unrendered).isEmpty()) {
                        problems.add(where + "math not rendered by KaTeX: " + unrendered);
                    }
                    driver.findElements(By.cssSelector(".katex-error")).forEach(e -> problems.add(where + "KaTeX error: " + e.getText()));
                    severeConsoleMessages().forEach(m -> problems.add(where + "console error: " + m));
                    run(OVERFLOW_SCRIPT).forEach(m -> problems.add(where + m));
                    run(WIDE_MATH_SCRIPT, width >= 1000).forEach(m -> problems.add(where + "display math does not fit: " + m));
                    run(LEGIBILITY_SCRIPT).forEach(m -> problems.add(where + m));
                    mathSeen += driver.findElements(By.cssSelector(".math-inline, .math-display")).size();
                    fullPageScreenshot(width + "px/" + page.replace('/', '_').replace(".html", ""), width);
                }
            }
        } finally {
            driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
        assertEquals(List.of(), problems, String.join("\n", problems));
        assertTrue(mathSeen > 0, "no page had math");
    }

    @Test
    void explorerShowsTheOutputSizeAndTheUnreadPixelsForEachSetting() throws IOException {
        open(explorerPage());
        WebElement explorer = driver.findElement(By.cssSelector("[data-explorer]"));
        // input, kernel, pad, stride, dilation (both axes: "same settings" is ticked), then output and unread pixels
        Object[][] settings = {
            {7, 3, 0, 2, 1, 3, ""},
            {5, 3, 0, 3, 1, 1, "3,4"},
            {5, 3, 1, 1, 1, 5, ""},
            {7, 3, 0, 1, 2, 3, ""},
            {10, 3, 0, 4, 1, 2, "3,7,8,9"},
            {7, 3, 0, 2, 2, 2, "1,3,5"},
            {8, 3, 0, 2, 1, 3, "7"},
        };
        for (Object[] s : settings) {
            String[] names = {"input", "kernel", "pad", "stride", "dilation"};
            for (int i = 0; i < names.length; i++) {
                set(explorer, names[i] + "-h", (Integer) s[i]);
            }
            WebElement result = explorer.findElement(By.cssSelector(".result"));
            String what = java.util.Arrays.toString(s);
            assertEquals(String.valueOf(s[5]), result.getDomAttribute("data-out-h"), "output height for " + what);
            assertEquals(String.valueOf(s[5]), result.getDomAttribute("data-out-w"), "output width (same settings) for " + what);
            assertEquals(s[6], result.getDomAttribute("data-unread-h"), "unread rows for " + what);
            int in = (Integer) s[0];
            int unread = ((String) s[6]).isEmpty() ? 0 : ((String) s[6]).split(",").length;
            assertEquals(unread * (2 * in - unread), explorer.findElements(By.cssSelector(".grid-section:first-child .px.skipped")).size(),
                "cells marked unread (a pixel is unread when its row or its column is) for " + what);
        }
        explorer.findElement(By.xpath(".//button[contains(., 'next')]")).click();
        assertTrue(explorer.findElement(By.cssSelector(".position")).getText().contains("window 2 of 9"),
            explorer.findElement(By.cssSelector(".position")).getText());
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView()", explorer);
        screenshot("explorer");
        set(explorer, "kernel-h", 9);
        assertTrue(explorer.findElement(By.cssSelector(".result")).getText().contains("does not fit"));
    }

    @Test
    void explorerShowsTheReferenceLayersNumbersOnANonSquareMultiChannelSetting() throws IOException {
        open(explorerPage());
        WebElement explorer = driver.findElement(By.cssSelector("[data-explorer]"));
        explorer.findElement(By.cssSelector("input[name=same]")).click();
        int[] h = {6, 3, 1, 2, 1};
        int[] w = {9, 2, 0, 3, 2};
        String[] names = {"input", "kernel", "pad", "stride", "dilation"};
        for (int i = 0; i < names.length; i++) {
            set(explorer, names[i] + "-h", h[i]);
            set(explorer, names[i] + "-w", w[i]);
        }
        set(explorer, "channels", 2);
        set(explorer, "kernels", 3);
        ConvSpec spec = new ConvSpec(h[3], w[3], h[2], w[2], h[4], w[4], PaddingMode.ZEROS);
        // the numbers the page shows: input channels (padding cells left out), kernels, output maps
        Tensor x = Tensor.of(shownValues(explorer, 0, true), 1, 2, h[0], w[0]);
        Tensor weights = Tensor.of(shownValues(explorer, 1, false), 3, 2, h[1], w[1]);
        Tensor expected = Conv2d.forward(x, weights, null, spec);
        assertEquals(List.of(1, 3, OutputSize.of(h[0], h[1], h[2], h[3], h[4]), OutputSize.of(w[0], w[1], w[2], w[3], w[4])),
            List.of(expected.dim(0), expected.dim(1), expected.dim(2), expected.dim(3)));
        assertEquals(java.util.Arrays.toString(expected.data()),
            java.util.Arrays.toString(shownValues(explorer, 2, false)), "output maps against Conv2d.forward");
        // step to the first window of kernel 1 and check the products line against the reference
        int perMap = expected.dim(2) * expected.dim(3);
        for (int i = 0; i < perMap; i++) {
            explorer.findElement(By.xpath(".//button[contains(., 'next')]")).click();
        }
        WebElement products = explorer.findElement(By.cssSelector(".products"));
        assertTrue(products.getText().startsWith("y[1][0][0] = "), products.getText());
        assertEquals(Format.number(expected.get(0, 1, 0, 0)), products.getDomAttribute("data-value"));
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView()", explorer);
        screenshot("explorer-multichannel");

        new org.openqa.selenium.support.ui.Select(explorer.findElement(By.cssSelector("select[name=mode]"))).selectByValue("transposed");
        Tensor z = Tensor.of(shownValues(explorer, 0, false), 1, 3, h[0], w[0]);
        Tensor weightsT = Tensor.of(shownValues(explorer, 1, false), 3, 2, h[1], w[1]);
        int outH = (h[0] - 1) * h[3] - 2 * h[2] + h[4] * (h[1] - 1) + 1;
        int outW = (w[0] - 1) * w[3] - 2 * w[2] + w[4] * (w[1] - 1) + 1;
        Tensor dx = Conv2d.backward(Tensor.zeros(1, 2, outH, outW), weightsT, z, spec).dx();
        assertEquals(java.util.Arrays.toString(dx.data()), java.util.Arrays.toString(shownValues(explorer, 2, false)),
            "transposed convolution against Conv2d.backward's dx");
        screenshot("explorer-transposed");
    }

    /** The numbers in the cells of the explorer's section {@code index} (0 input, 1 kernels, 2 output), row-major. */
    private static double[] shownValues(WebElement explorer, int index, boolean skipPadding) {
        WebElement section = explorer.findElements(By.cssSelector(".grid-section")).get(index);
        return section.findElements(By.cssSelector(".px")).stream()
            .filter(px -> !(skipPadding && px.getDomAttribute("class").contains("pad")))
            .mapToDouble(px -> Double.parseDouble(px.getText())).toArray();
    }

    @Test
    void explorerArithmeticAgreesWithTheReferenceOutputSize() {
        open(explorerPage());
        List<List<Long>> cases = new ArrayList<>();
        for (int in = 1; in <= 12; in++) {
            for (int k = 1; k <= 5; k++) {
                for (int p = 0; p <= 3; p++) {
                    for (int s = 1; s <= 5; s++) {
                        for (int d = 1; d <= 3; d++) {
                            cases.add(List.of((long) in, (long) k, (long) p, (long) s, (long) d));
                        }
                    }
                }
            }
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> results = (List<Map<String, Object>>) ((JavascriptExecutor) driver).executeScript(
            "return arguments[0].map(function (c) { return window.convkitExplorer.outputSize(c[0], c[1], c[2], c[3], c[4]); });",
            cases);
        assertEquals(cases.size(), results.size());
        for (int i = 0; i < cases.size(); i++) {
            List<Long> c = cases.get(i);
            int in = c.get(0).intValue();
            int k = c.get(1).intValue();
            int p = c.get(2).intValue();
            int s = c.get(3).intValue();
            int d = c.get(4).intValue();
            Map<String, Object> js = results.get(i);
            Integer expectedOut;
            try {
                expectedOut = OutputSize.of(in, k, p, s, d);
            } catch (IllegalArgumentException e) {
                expectedOut = null;
            }
            if (expectedOut == null) {
                assertTrue(js.containsKey("error"), "explorer accepts " + c + " which OutputSize rejects: " + js);
            } else {
                assertEquals(expectedOut.longValue(), ((Number) js.get("out")).longValue(), "output size of " + c);
                assertEquals(OutputSize.skipped(in, k, p, s, d), ((Number) js.get("skipped")).intValue(), "skipped of " + c);
                assertEquals(java.util.Arrays.stream(OutputSize.unread(in, k, p, s, d)).boxed().toList(),
                    ((List<?>) js.get("unread")).stream().map(n -> ((Number) n).intValue()).toList(), "unread of " + c);
            }
        }
    }

    @Test
    void explorerLayersAgreeWithTheReferenceOnAGridOfSettings() {
        open(explorerPage());
        // one axis: input 1..6, kernel 1..3, pad 0..2, stride 1..3, dilation 1..2; the width takes another setting than the height
        List<int[]> axes = new ArrayList<>();
        for (int in = 1; in <= 6; in++) {
            for (int k = 1; k <= 3; k++) {
                for (int p = 0; p <= 2; p++) {
                    for (int s = 1; s <= 3; s++) {
                        for (int d = 1; d <= 2; d++) {
                            axes.add(new int[] {in, k, p, s, d});
                        }
                    }
                }
            }
        }
        java.util.Random random = new java.util.Random(14);
        List<Object> forwardCases = new ArrayList<>();
        List<Tensor> forwardExpected = new ArrayList<>();
        List<Object> transposedCases = new ArrayList<>();
        List<Tensor> transposedExpected = new ArrayList<>();
        for (int i = 0; i < axes.size(); i++) {
            int[] a = axes.get(i);
            int[] b = axes.get((i * 7 + 3) % axes.size());
            ConvSpec spec = new ConvSpec(a[3], b[3], a[2], b[2], a[4], b[4], PaddingMode.ZEROS);
            Map<String, Integer> js = Map.of("strideH", a[3], "strideW", b[3], "padH", a[2], "padW", b[2], "dilationH", a[4], "dilationW", b[4]);
            Tensor w = smallInts(random, 2, 2, a[1], b[1]);
            if (fits(a) && fits(b)) {
                Tensor x = smallInts(random, 1, 2, a[0], b[0]);
                forwardCases.add(List.of(nested(x, true), nested(w, false), js));
                forwardExpected.add(Conv2d.forward(x, w, null, spec));
            }
            int outH = (a[0] - 1) * a[3] - 2 * a[2] + a[4] * (a[1] - 1) + 1;
            int outW = (b[0] - 1) * b[3] - 2 * b[2] + b[4] * (b[1] - 1) + 1;
            if (outH >= 1 && outW >= 1) {
                Tensor z = smallInts(random, 1, 2, a[0], b[0]);
                transposedCases.add(List.of(nested(z, true), nested(w, false), js));
                transposedExpected.add(Conv2d.backward(Tensor.zeros(1, 2, outH, outW), w, z, spec).dx());
            }
        }
        assertTrue(forwardCases.size() > 100 && transposedCases.size() > 100, forwardCases.size() + " / " + transposedCases.size());
        List<?> forward = (List<?>) ((JavascriptExecutor) driver).executeScript(
            "return arguments[0].map(function (c) { return window.convkitExplorer.conv2d(c[0], c[1], c[2]); });", forwardCases);
        List<?> transposed = (List<?>) ((JavascriptExecutor) driver).executeScript(
            "return arguments[0].map(function (c) { return window.convkitExplorer.convTranspose2d(c[0], c[1], c[2]); });", transposedCases);
        for (int i = 0; i < forwardCases.size(); i++) {
            assertEquals(nested(forwardExpected.get(i), true), flatten(forward.get(i)), "conv2d case " + i + ": " + forwardCases.get(i));
        }
        for (int i = 0; i < transposedCases.size(); i++) {
            assertEquals(nested(transposedExpected.get(i), true), flatten(transposed.get(i)), "convTranspose2d case " + i + ": " + transposedCases.get(i));
        }
    }

    private static boolean fits(int[] axis) {
        return axis[4] * (axis[1] - 1) + 1 <= axis[0] + 2 * axis[2];
    }

    /** A tensor [1][A][B][C] (or [A][B][C][D]) of integers -2..3. */
    private static Tensor smallInts(java.util.Random random, int... shape) {
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < t.data().length; i++) {
            t.data()[i] = random.nextInt(6) - 2;
        }
        return t;
    }

    /** [N][C][H][W] as nested lists of numbers, as the explorer's arrays; {@code dropBatch}: [C][H][W] of image 0. */
    private static List<Object> nested(Tensor t, boolean dropBatch) {
        List<Object> outer = new ArrayList<>();
        for (int a = 0; a < t.dim(0); a++) {
            List<Object> planes = new ArrayList<>();
            for (int b = 0; b < t.dim(1); b++) {
                List<Object> rows = new ArrayList<>();
                for (int r = 0; r < t.dim(2); r++) {
                    List<Object> row = new ArrayList<>();
                    for (int c = 0; c < t.dim(3); c++) {
                        row.add(t.get(a, b, r, c) + 0.0); // + 0.0 turns -0.0 into 0.0
                    }
                    rows.add(row);
                }
                planes.add(rows);
            }
            outer.add(planes);
        }
        return dropBatch ? castList((List<?>) outer.getFirst()) : outer;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> castList(List<?> list) {
        return (List<Object>) list;
    }

    /** A result from the browser (numbers come back as Long or Double) with every number as a Double. */
    private static Object flatten(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(SiteBrowserTests::flatten).toList();
        }
        return ((Number) value).doubleValue() + 0.0;
    }

    @Test
    void searchFindsASectionAndLinksToIt() throws IOException {
        open("index.html");
        WebElement input = driver.findElement(By.id("search-input"));
        input.sendKeys("stride");
        List<WebElement> hits = driver.findElements(By.cssSelector("#search-results a"));
        assertFalse(hits.isEmpty(), "no search results for 'stride'");
        assertTrue(hits.stream().anyMatch(a -> a.getDomAttribute("href").contains("stride")),
            "no hit links a stride page: " + hits.stream().map(a -> a.getDomAttribute("href")).toList());
        screenshot("search");
        String target = hits.getFirst().getDomAttribute("href");
        hits.getFirst().click();
        assertTrue(driver.getCurrentUrl().endsWith(target), driver.getCurrentUrl() + " is not " + target);
    }

    @Test
    void lessonIsReadableOnAPhoneAndInDarkMode() throws IOException {
        String lesson = explorerPage();
        try {
            driver.manage().window().setSize(new Dimension(390, 844));
            open(lesson);
            long overflow = (Long) ((JavascriptExecutor) driver).executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
            assertTrue(overflow <= 0, "the page scrolls sideways on a phone by " + overflow + " px");
            screenshot("phone");
            driver.findElement(By.cssSelector(".menu-toggle")).click();
            assertTrue(driver.findElement(By.id("sidebar")).isDisplayed(), "the menu does not open on a phone");
            screenshot("phone-menu");
        } finally {
            driver.manage().window().setSize(new Dimension(1280, 900));
        }
        driver.executeCdpCommand("Emulation.setEmulatedMedia",
            Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
        try {
            open(lesson);
            String background = (String) ((JavascriptExecutor) driver).executeScript(
                "return getComputedStyle(document.body).backgroundColor;");
            assertEquals("rgb(20, 24, 29)", background, "dark mode does not follow the system");
            Object figureFilter = ((JavascriptExecutor) driver).executeScript(
                "var img = document.querySelector('.figure img'); return img ? getComputedStyle(img).filter : 'no figure';");
            assertTrue(String.valueOf(figureFilter).contains("invert"), "figures stay light in dark mode: filter " + figureFilter);
            fullPageScreenshot("dark", 1280);
        } finally {
            driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
        }
    }

    private static String explorerPage() {
        try (Stream<Path> files = Files.list(site)) {
            for (Path page : files.filter(p -> p.toString().endsWith(".html")).sorted().toList()) {
                if (Files.readString(page).contains("data-explorer")) {
                    return page.getFileName().toString();
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        throw new AssertionError("no page embeds the explorer");
    }

    private static void set(WebElement explorer, String name, int value) {
        WebElement input = explorer.findElement(By.cssSelector("input[name=" + name + "]"));
        ((JavascriptExecutor) driver).executeScript(
            "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
            input, String.valueOf(value));
    }
}
