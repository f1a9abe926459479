package convkit.site;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.SimpleFileServer;

/** Serves a built site from the JDK's own HTTP server, on the loopback address only. */
public final class SiteServer {

    private SiteServer() {
    }

    /** Starts serving {@code siteDir} on localhost at {@code port} (0 picks a free port); stop the returned server. */
    public static HttpServer start(Path siteDir, int port) {
        try {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
            HttpServer server = HttpServer.create(address, 0);
            server.createContext("/", SimpleFileServer.createFileHandler(siteDir.toAbsolutePath().normalize()));
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve on localhost port " + port + " (in use? try --port 0)", e);
        }
    }

    /** The address a browser opens for {@code server}. */
    public static String url(HttpServer server) {
        return "http://localhost:" + server.getAddress().getPort() + "/index.html";
    }
}
