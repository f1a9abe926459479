package convkit.site;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The build-time search index: one entry per lesson section (and per source page), written as a
 * script that sets {@code window.CONVKIT_SEARCH_INDEX}, so search works from {@code file://} too.
 */
final class SearchIndex {

    private static final int TEXT_LIMIT = 600;

    private SearchIndex() {
    }

    static String script(Map<String, Document> docs, Set<String> lessonPages) {
        List<Map<String, String>> entries = new ArrayList<>();
        for (Map.Entry<String, Document> page : docs.entrySet()) {
            Element article = page.getValue().selectFirst("article");
            if (article == null) {
                continue;
            }
            String pageTitle = article.selectFirst("h1") == null ? page.getKey() : headingText(article.selectFirst("h1"));
            if (!lessonPages.contains(page.getKey())) {
                entries.add(entry(pageTitle, "", page.getKey(), article.text()));
                continue;
            }
            String section = "";
            String anchor = "";
            StringBuilder text = new StringBuilder();
            // walk the article's top-level blocks, starting a new entry at every h2/h3
            for (Element child : article.children()) {
                if (child.tagName().equals("h2") || child.tagName().equals("h3")) {
                    entries.add(entry(pageTitle, section, page.getKey() + anchor, text.toString()));
                    section = headingText(child);
                    anchor = "#" + child.id();
                    text.setLength(0);
                } else if (!child.tagName().equals("h1")) {
                    text.append(child.text()).append(' ');
                }
            }
            entries.add(entry(pageTitle, section, page.getKey() + anchor, text.toString()));
        }
        try {
            return "window.CONVKIT_SEARCH_INDEX = " + new ObjectMapper().writeValueAsString(entries) + ";\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the search index", e);
        }
    }

    private static Map<String, String> entry(String title, String section, String url, String text) {
        Map<String, String> entry = new LinkedHashMap<>();
        entry.put("title", title);
        entry.put("section", section);
        entry.put("url", url);
        String t = text.replaceAll("\\s+", " ").strip();
        entry.put("text", t.length() > TEXT_LIMIT ? t.substring(0, TEXT_LIMIT) : t);
        return entry;
    }

    private static String headingText(Element heading) {
        Element copy = heading.clone();
        copy.select("a.anchor").remove();
        return copy.text();
    }
}
