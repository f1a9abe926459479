package convkit.site;

import java.nio.file.Path;
import java.util.List;

/**
 * One lesson read from {@code lessons/NN-slug.md}.
 *
 * @param file        the Markdown file, relative to the project root (for messages)
 * @param number      NN, the position in the course
 * @param slug        the file name without {@code .md}
 * @param frontMatter title, summary, exercises, reference
 * @param bodyLines   the file's lines, front matter blanked so line numbers stay file line numbers
 */
record Lesson(Path file, int number, String slug, FrontMatter frontMatter, List<String> bodyLines) {

    /** The page this lesson becomes, e.g. {@code 05-output-size.html}. */
    String pageName() {
        return slug + ".html";
    }

    /** The Markdown file name links use, e.g. {@code 05-output-size.md}. */
    String markdownName() {
        return slug + ".md";
    }
}
