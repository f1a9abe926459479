package convkit.site;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The static files: the site's CSS and scripts, and KaTeX (script, style, fonts) from its WebJar. */
final class Assets {

    /** The KaTeX version of the WebJar on the class path (kept in step with the root pom). */
    static final String KATEX_VERSION = "0.16.47";
    private static final String KATEX_DIST = "META-INF/resources/webjars/katex/" + KATEX_VERSION + "/dist/";
    private static final List<String> OWN = List.of("site.css", "site.js", "explorer.js");

    private Assets() {
    }

    static void copyInto(Path assets) throws IOException {
        Files.createDirectories(assets.resolve("katex/fonts"));
        for (String name : OWN) {
            copyResource("convkit/site/assets/" + name, assets.resolve(name));
        }
        copyResource(KATEX_DIST + "katex.min.js", assets.resolve("katex/katex.min.js"));
        copyResource(KATEX_DIST + "katex.min.css", assets.resolve("katex/katex.min.css"));
        URL js = resource(KATEX_DIST + "katex.min.js");
        URI fontsUri;
        try {
            fontsUri = URI.create(js.toURI().toString().replace("katex.min.js", "fonts"));
        } catch (URISyntaxException e) {
            throw new IOException("bad KaTeX resource URL " + js, e);
        }
        if ("jar".equals(fontsUri.getScheme())) {
            FileSystem fs;
            boolean opened = false;
            try {
                fs = FileSystems.getFileSystem(fontsUri);
            } catch (FileSystemNotFoundException e) {
                fs = FileSystems.newFileSystem(fontsUri, Map.of());
                opened = true;
            }
            try {
                copyFonts(fs.provider().getPath(fontsUri), assets.resolve("katex/fonts"));
            } finally {
                if (opened) {
                    fs.close();
                }
            }
        } else {
            copyFonts(Path.of(fontsUri), assets.resolve("katex/fonts"));
        }
    }

    private static void copyFonts(Path fonts, Path target) throws IOException {
        try (Stream<Path> files = Files.list(fonts)) {
            for (Path font : files.toList()) {
                Files.copy(font, target.resolve(font.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static void copyResource(String name, Path target) throws IOException {
        try (InputStream in = resource(name).openStream()) {
            Files.createDirectories(target.getParent());
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static URL resource(String name) {
        URL url = Assets.class.getClassLoader().getResource(name);
        if (url == null) {
            throw new IllegalStateException("missing resource " + name + " (is the KaTeX " + KATEX_VERSION
                + " WebJar on the class path?)");
        }
        return url;
    }
}
