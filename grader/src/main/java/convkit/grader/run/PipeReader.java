package convkit.grader.run;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads a child's answer pipe with deadlines. A pipe has no read timeout, so a daemon thread
 * pumps it into a bounded queue of chunks (a child that floods the pipe blocks on its own write
 * once 4 MiB wait) and {@link #readFully} takes bytes from the queue until a deadline.
 */
public final class PipeReader {

    private static final byte[] END = new byte[0];

    private final BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(64);
    private byte[] current = END;
    private int position;
    private boolean ended;

    private PipeReader() {
    }

    /** Starts pumping {@code source} (the child's stdout) on a daemon thread. */
    static PipeReader start(InputStream source, String name) {
        PipeReader reader = new PipeReader();
        Thread pump = new Thread(() -> reader.pump(source), name);
        pump.setDaemon(true);
        pump.start();
        return reader;
    }

    private void pump(InputStream source) {
        byte[] buffer = new byte[1 << 16];
        try (source) {
            int n;
            while ((n = source.read(buffer)) > 0) {
                chunks.put(java.util.Arrays.copyOf(buffer, n));
            }
        } catch (IOException e) {
            // the child is gone: the end marker below says so
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            chunks.put(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Exactly {@code n} bytes, or an exception: {@link TimeoutException} when the deadline
     * ({@link System#nanoTime()}) passes first, {@link EOFException} when the pipe ends first.
     */
    public byte[] readFully(int n, long deadlineNanos) throws IOException, TimeoutException, InterruptedException {
        byte[] out = new byte[n];
        int filled = 0;
        while (filled < n) {
            if (position == current.length) {
                if (ended) {
                    throw new EOFException("the child's pipe ended after " + filled + " of " + n + " bytes");
                }
                long left = deadlineNanos - System.nanoTime();
                byte[] next = left > 0 ? chunks.poll(left, TimeUnit.NANOSECONDS) : chunks.poll();
                if (next == null) {
                    throw new TimeoutException("no answer before the deadline");
                }
                if (next == END) {
                    ended = true;
                    continue;
                }
                current = next;
                position = 0;
            }
            int take = Math.min(n - filled, current.length - position);
            System.arraycopy(current, position, out, filled, take);
            position += take;
            filled += take;
        }
        return out;
    }

    /** A big-endian int, as {@link java.io.DataOutputStream#writeInt} wrote it. */
    public int readInt(long deadlineNanos) throws IOException, TimeoutException, InterruptedException {
        byte[] b = readFully(4, deadlineNanos);
        return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | b[3] & 0xff;
    }

    /** A boolean, as {@link java.io.DataOutputStream#writeBoolean} wrote it. */
    public boolean readBoolean(long deadlineNanos) throws IOException, TimeoutException, InterruptedException {
        return readFully(1, deadlineNanos)[0] != 0;
    }

    /** A string, as {@link java.io.DataOutputStream#writeUTF} wrote it. */
    public String readUTF(long deadlineNanos) throws IOException, TimeoutException, InterruptedException {
        byte[] length = readFully(2, deadlineNanos);
        byte[] body = readFully((length[0] & 0xff) << 8 | length[1] & 0xff, deadlineNanos);
        byte[] whole = new byte[body.length + 2];
        whole[0] = length[0];
        whole[1] = length[1];
        System.arraycopy(body, 0, whole, 2, body.length);
        return new java.io.DataInputStream(new java.io.ByteArrayInputStream(whole)).readUTF();
    }
}
