package convkit.grader.child;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Listeners on this machine's loopback that count what reaches them, for the tests that prove a
 * child has no network: a TCP listener, a UDP socket, and a Unix socket in a folder every user may
 * enter (so that only the child's boundary keeps another uid out). Nothing is sent off the machine.
 */
public final class Listeners implements AutoCloseable {

    private final ServerSocket tcp;
    private final DatagramSocket udp;
    private final ServerSocketChannel unix;
    private final Path unixFolder;
    private final AtomicInteger tcpAccepted = new AtomicInteger();
    private final AtomicInteger udpReceived = new AtomicInteger();
    private final AtomicInteger unixAccepted = new AtomicInteger();

    public Listeners() throws IOException {
        tcp = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        tcp.setSoTimeout(200);
        udp = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        udp.setSoTimeout(200);
        unixFolder = Files.createTempDirectory("convkit-listen");
        Files.setPosixFilePermissions(unixFolder, PosixFilePermissions.fromString("rwxrwxrwx"));
        unix = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        unix.bind(UnixDomainSocketAddress.of(unixFolder.resolve("answers.sock")));
        Files.setPosixFilePermissions(unixPath(), PosixFilePermissions.fromString("rwxrwxrwx"));
        daemon(() -> {
            while (!tcp.isClosed()) {
                try (Socket s = tcp.accept()) {
                    tcpAccepted.incrementAndGet();
                } catch (SocketTimeoutException e) {
                    // keep listening
                } catch (IOException e) {
                    return;
                }
            }
        });
        daemon(() -> {
            byte[] buffer = new byte[256];
            while (!udp.isClosed()) {
                try {
                    udp.receive(new DatagramPacket(buffer, buffer.length));
                    udpReceived.incrementAndGet();
                } catch (SocketTimeoutException e) {
                    // keep listening
                } catch (IOException e) {
                    return;
                }
            }
        });
        daemon(() -> {
            while (unix.isOpen()) {
                try (SocketChannel s = unix.accept()) {
                    unixAccepted.incrementAndGet();
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    private static void daemon(Runnable body) {
        Thread thread = new Thread(body, "listener");
        thread.setDaemon(true);
        thread.start();
    }

    public int tcpPort() {
        return tcp.getLocalPort();
    }

    public int udpPort() {
        return udp.getLocalPort();
    }

    public Path unixPath() {
        return unixFolder.resolve("answers.sock");
    }

    /** What reached the listeners so far, e.g. {@code "tcp 1, udp 0, unix 0"}, after a moment for the last to arrive. */
    public String reached() throws InterruptedException {
        Thread.sleep(500);
        return "tcp " + tcpAccepted.get() + ", udp " + udpReceived.get() + ", unix " + unixAccepted.get();
    }

    @Override
    public void close() throws IOException {
        tcp.close();
        udp.close();
        unix.close();
        Files.deleteIfExists(unixPath());
        Files.deleteIfExists(unixFolder);
    }
}
