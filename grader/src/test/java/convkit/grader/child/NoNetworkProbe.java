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
 * shell it starts; prints one line per try. Arguments: the TCP port, the UDP port, the Unix
 * socket's path.
 */
public final class NoNetworkProbe {

    public static void main(String[] args) throws Exception {
        int tcp = Integer.parseInt(args[0]);
        int udp = Integer.parseInt(args[1]);
        Path unix = Path.of(args[2]);
        System.out.println("before tcp " + tcp(tcp));
        NoNetwork.install(false);
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
