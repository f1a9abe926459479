package convkit.grader.child;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * For {@link NoNetworkTests}: connects to the test's listeners once before {@link NoNetwork#install}
 * (the control: they are reachable from here) and tries again after it, in this JVM and from a
 * shell it starts, and makes a file in memory ({@code memfd_create}) before and after; prints one
 * line per try. Arguments: the TCP port, the UDP port, the Unix
 * socket's path.
 */
public final class NoNetworkProbe {

    public static void main(String[] args) throws Throwable {
        int tcp = Integer.parseInt(args[0]);
        int udp = Integer.parseInt(args[1]);
        Path unix = Path.of(args[2]);
        System.out.println("before tcp " + tcp(tcp));
        System.out.println("before memfd " + memfd());
        NoNetwork.install(false);
        System.out.println("after memfd " + memfd());
        System.out.println("after tcp " + tcp(tcp));
        System.out.println("after udp " + udp(udp));
        System.out.println("after unix " + unix(unix));
        Process shell = new ProcessBuilder("bash", "-c",
            "exec 3<>/dev/tcp/127.0.0.1/" + tcp + " && echo reached || echo refused").redirectErrorStream(true).start();
        String said = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        System.out.println("after shell " + (said.endsWith("reached") ? "reached" : "refused") + " " + shell.waitFor());
        Path file = Files.createTempFile("no-network", ".txt");
        Files.writeString(file, "still writes");
        System.out.println("after file " + Files.readString(file));
        Files.delete(file);
    }

    /** memfd_create(2) by its number: "made", or "refused: errno N". */
    private static String memfd() throws Throwable {
        int number = System.getProperty("os.arch").equals("aarch64") ? 279 : 319;
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            java.lang.foreign.MemorySegment state = Libc.state(arena);
            long fd = Libc.syscall(state, number, arena.allocateFrom("answers").address(), 0, 0, 0);
            if (fd < 0) {
                return "refused: errno " + Libc.errno(state);
            }
            Libc.close((int) fd);
            return "made";
        }
    }

    private static String tcp(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
            return "connected";
        } catch (IOException e) {
            return "refused: " + e.getMessage();
        }
    }

    private static String udp(int port) {
        try (DatagramSocket socket = new DatagramSocket()) {
            byte[] bytes = "answers".getBytes(StandardCharsets.US_ASCII);
            socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
            return "sent";
        } catch (IOException e) {
            return "refused: " + e.getMessage();
        }
    }

    private static String unix(Path path) {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(path));
            return "connected";
        } catch (IOException e) {
            return "refused: " + e.getMessage();
        }
    }
}
