package convkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code convkit site} on a one-lesson project: exit codes and messages. */
class SiteCommandTests {

    @TempDir
    Path root;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void writeProject() throws IOException {
        Files.createDirectories(root.resolve("lessons"));
        Files.writeString(root.resolve("pom.xml"), "<project/>\n");
        Path ref = Files.createDirectories(root.resolve("reference/src/main/java/convkit/reference"));
        Files.writeString(ref.resolve("Sizes.java"), "package convkit.reference;\n\n/** Fixture. */\npublic final class Sizes {\n}\n");
        Files.writeString(root.resolve("lessons/01-only.md"), """
            ---
            title: Only lesson
            summary: One lesson for the command tests.
            exercises: []
            reference: [Sizes]
            ---

            ## Section

            Inline $x^2$ and a [link to the section](#section).
            """);
        System.setProperty("convkit.root", root.toString());
    }

    @AfterEach
    void forgetProject() {
        System.clearProperty("convkit.root");
    }

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void siteBuildsIntoTheOutFolder() {
        assertEquals(0, run("site", "--out", root.resolve("site-out").toString()), err.toString());
        assertTrue(Files.isRegularFile(root.resolve("site-out/01-only.html")));
        assertTrue(out.toString().contains("built "), out.toString());
    }

    @Test
    void siteWithABrokenLinkIsBadInputNamingFileAndLine() throws IOException {
        Files.writeString(root.resolve("lessons/01-only.md"),
            Files.readString(root.resolve("lessons/01-only.md")).replace("(#section)", "(#sections)"));
        assertEquals(Main.EXIT_USAGE, run("site", "--out", root.resolve("site-out").toString()));
        assertTrue(err.toString().contains("lessons/01-only.md:10: broken link '#sections'"), err.toString());
        assertFalse(Files.exists(root.resolve("site-out")), "a failed build left an output folder");
    }

    @Test
    void helpListsSiteAndServe() {
        assertEquals(0, run("--help"));
        assertTrue(out.toString().contains("site") && out.toString().contains("serve"), out.toString());
    }
}
