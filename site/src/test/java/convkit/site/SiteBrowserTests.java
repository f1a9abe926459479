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

import convkit.reference.OutputSize;

/**
 * The site in a real browser: Debian's headless Chromium through Selenium, from {@code file://}.
 * Opens every page at 1280 and 390 px (KaTeX rendered, no KaTeX errors, no SEVERE console
 * messages, nothing wider than the main column, figures legible, Copy buttons clear of the code),
 * drives the explorer, checks its arithmetic against {@link OutputSize}, searches, and saves
 * screenshots under {@code target/screenshots/} (one folder per width). Skipped, with the reason, only where Chromium or its driver
 * is not installed. {@code -Dconvkit.site.root=DIR} builds that project's lessons instead of the fixture.
 */
class SiteBrowserTests {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target/screenshots");

    @TempDir
    static Path work;

    static Path site;
    static ChromeDriver driver;

    @BeforeAll
    static void buildSiteAndStartChromium() throws IOException {
        assumeTrue(Files.isExecutable(CHROMIUM), "skipped: no Chromium at " + CHROMIUM + " (apt-get install chromium)");
        assumeTrue(Files.isExecutable(CHROMEDRIVER), "skipped: no chromedriver at " + CHROMEDRIVER
            + " (apt-get install chromium-driver)");
        String projectRoot = System.getProperty("convkit.site.root", "");
        Path root = projectRoot.isEmpty() ? Fixture.copyTo(work.resolve("project")) : Path.of(projectRoot);
        SiteBuilder.Options options = SiteBuilder.Options.defaults(root).withOut(work.resolve("site"))
            .withJavadoc(!projectRoot.isEmpty());
        if (projectRoot.isEmpty()) {
            options = options.withCacheDir(Fixture.SHARED_CACHE);
            // a graded attempt, so that the progress page is checked with its sections, hints and long feedback
            Files.createDirectories(root.resolve(".convkit/grade"));
            Files.writeString(root.resolve(".convkit/grade/results.json"), """
                {"score": 1, "tests": [
                  {"name": "Ex01OutputSize · outputSize: valid 3×3 on 5 pixels", "score": 1, "max_score": 1, "status": "passed",
                   "tags": ["Ex01OutputSize", "example"]},
                  {"name": "Ex01OutputSize · unreadPixels: stride 4 over kernel 3 skips a pixel between windows", "score": 0,
                   "max_score": 2, "status": "failed", "tags": ["Ex01OutputSize", "hidden"],
                   "output": "value differs: was <3> (hidden test: the expected value is not shown)\\nHint: pixels inside the image are missed too, not only past the last window: a stride larger than the window, or dilation's holes between taps, leave pixels that no tap reads"}
                ]}""");
        }
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
    void explorerShowsTheOutputSizeForEachSetting() throws IOException {
        String lesson = explorerPage();
        open(lesson);
        WebElement explorer = driver.findElement(By.cssSelector("[data-explorer]"));
        explorer.getLocation();
        int[][] settings = {
            {7, 3, 0, 2, 1, 3, 0},
            {5, 3, 0, 3, 1, 1, 2},
            {5, 3, 1, 1, 1, 5, 0},
            {7, 3, 0, 1, 2, 3, 0},
            {10, 3, 0, 4, 1, 2, 4},
            {7, 3, 0, 2, 2, 2, 3},
            {8, 3, 0, 2, 1, 3, 1},
        };
        for (int[] s : settings) {
            set(explorer, "input", s[0]);
            set(explorer, "kernel", s[1]);
            set(explorer, "pad", s[2]);
            set(explorer, "stride", s[3]);
            set(explorer, "dilation", s[4]);
            WebElement result = explorer.findElement(By.cssSelector(".result"));
            assertEquals(String.valueOf(s[5]), result.getDomAttribute("data-out"), "output size for " + java.util.Arrays.toString(s));
            assertEquals(String.valueOf(s[6]), result.getDomAttribute("data-skipped"), "skipped for " + java.util.Arrays.toString(s));
            assertEquals(s[6] * (s[0] + s[0]) - s[6] * s[6], explorer.findElements(By.cssSelector(".grid-wrap .px.skipped")).size(),
                "cells marked unread (a pixel is unread when its row or its column is) for " + java.util.Arrays.toString(s));
            assertEquals(String.valueOf(s[0] + 2 * s[2]), String.valueOf(explorer.findElements(By.cssSelector(".grid-wrap .row")).size()));
        }
        explorer.findElement(By.xpath(".//button[contains(., 'next')]")).click();
        assertTrue(explorer.findElement(By.cssSelector(".position")).getText().contains("position 2 of 9"));
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView()", explorer);
        screenshot("explorer");
        set(explorer, "kernel", 9);
        assertTrue(explorer.findElement(By.cssSelector(".result")).getText().contains("does not fit"));
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
