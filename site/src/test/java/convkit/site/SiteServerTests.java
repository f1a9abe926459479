package convkit.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

/** The JDK HTTP server serving a site folder on localhost. */
class SiteServerTests {

    @TempDir
    Path site;

    @Test
    void servesTheIndexPageOnLocalhost() throws IOException, InterruptedException {
        Files.writeString(site.resolve("index.html"), "<!DOCTYPE html><title>t</title><p>hello");
        HttpServer server = SiteServer.start(site, 0);
        try {
            String url = SiteServer.url(server);
            assertTrue(url.startsWith("http://localhost:"), url);
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertTrue(response.body().contains("hello"), response.body());
            assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("text/html"));
        } finally {
            server.stop(0);
        }
    }
}
