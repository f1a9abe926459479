package convkit.site;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The YAML front matter of a lesson: {@code title}, {@code summary}, {@code exercises}, {@code reference}.
 *
 * @param title      the page title
 * @param summary    one sentence shown under the title and in the index
 * @param exercises  exercise class simple names, e.g. {@code Ex03CrossCorrelation}
 * @param reference  reference class simple names in {@code convkit.reference}
 * @param fieldLines the 1-based file line of each field, for error messages
 * @param bodyStart  the 0-based index of the first line after the closing {@code ---}
 */
public record FrontMatter(String title, String summary, List<String> exercises, List<String> reference,
                          Map<String, Integer> fieldLines, int bodyStart) {

    private static final Set<String> FIELDS = Set.of("title", "summary", "exercises", "reference");

    /** Reads the front matter at the top of {@code lines}; {@code file} names the lesson in errors. */
    public static FrontMatter parse(Path file, List<String> lines) {
        if (lines.isEmpty() || !lines.get(0).strip().equals("---")) {
            throw new SiteException(file, 1, "no front matter: start the lesson with a line '---', then "
                + "title:, summary:, exercises: [..], reference: [..], then a closing '---'");
        }
        int close = -1;
        // find the closing --- line
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).strip().equals("---")) {
                close = i;
                break;
            }
        }
        if (close < 0) {
            throw new SiteException(file, 1, "front matter not closed: add a line '---' after its last field");
        }
        String yamlText = String.join("\n", lines.subList(1, close));
        Object loaded;
        try {
            loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(yamlText);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            int line = mark == null ? 1 : mark.getLine() + 2;
            throw new SiteException(file, line, "malformed front matter: " + oneLine(e.getProblem())
                + " (fix the YAML: 'key: value' per line, lists as [A, B])");
        } catch (YAMLException e) {
            throw new SiteException(file, 2, "malformed front matter: " + oneLine(e.getMessage()));
        }
        if (!(loaded instanceof Map<?, ?> map)) {
            throw new SiteException(file, 2, "front matter must be 'key: value' lines, found "
                + (loaded == null ? "nothing" : "a " + loaded.getClass().getSimpleName()));
        }
        Map<String, Integer> fieldLines = new LinkedHashMap<>();
        for (int i = 1; i < close; i++) {
            String line = lines.get(i);
            int colon = line.indexOf(':');
            if (colon > 0 && !Character.isWhitespace(line.charAt(0))) {
                fieldLines.putIfAbsent(line.substring(0, colon).strip(), i + 1);
            }
        }
        for (Object key : map.keySet()) {
            if (!FIELDS.contains(String.valueOf(key))) {
                throw new SiteException(file, fieldLines.getOrDefault(String.valueOf(key), 2),
                    "unknown front matter field '" + key + "': expected one of title, summary, exercises, reference");
            }
        }
        String title = requireString(file, map, "title", fieldLines);
        String summary = requireString(file, map, "summary", fieldLines);
        List<String> exercises = nameList(file, map, "exercises", fieldLines);
        List<String> reference = nameList(file, map, "reference", fieldLines);
        return new FrontMatter(title, summary, exercises, reference, Map.copyOf(fieldLines), close + 1);
    }

    /** The 1-based line of {@code field}, or the first front matter line when it is absent. */
    public int lineOf(String field) {
        return fieldLines.getOrDefault(field, 1);
    }

    private static String requireString(Path file, Map<?, ?> map, String field, Map<String, Integer> lines) {
        Object value = map.get(field);
        if (!(value instanceof String s) || s.isBlank()) {
            throw new SiteException(file, lines.getOrDefault(field, 1), "front matter field '" + field
                + "' must be a non-empty string, found " + describe(value));
        }
        return s.strip();
    }

    private static List<String> nameList(Path file, Map<?, ?> map, String field, Map<String, Integer> lines) {
        Object value = map.get(field);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new SiteException(file, lines.getOrDefault(field, 1), "front matter field '" + field
                + "' must be a list like [Name1, Name2], found " + describe(value));
        }
        List<String> names = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof String s) || !s.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new SiteException(file, lines.getOrDefault(field, 1), "front matter field '" + field
                    + "' must list Java class simple names, found " + describe(item));
            }
            names.add(s);
        }
        return List.copyOf(names);
    }

    private static String describe(Object value) {
        return value == null ? "nothing" : "'" + value + "' (" + value.getClass().getSimpleName() + ")";
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").strip();
    }
}
