package convkit.grader.run;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;

/**
 * Gives a folder's owner back read, write and search permission on it (mode 700) when a child took
 * them away ({@code chmod 000}), so that the grader, running as that same ordinary user, can list
 * and delete what is inside. Root needs none of this: it may open any folder.
 *
 * <p>The JDK cannot do it safely. Its {@code chmod} by path follows a link put in the folder's place
 * (a process still running could swap one in: the grader would then change the mode of whatever
 * the link names, outside the tree), and its no-follow {@code setPermissions} opens the folder
 * first, which the missing read permission refuses. So this goes to Linux itself, through the
 * foreign-function API: it opens the parent folder ({@code O_PATH}, which needs no permission on
 * it), checks that what it opened is the very folder the deletion holds open (same device and
 * inode: a path swapped meanwhile is refused), opens the entry relative to it with
 * {@code O_PATH | O_NOFOLLOW | O_DIRECTORY} (a link or a file is refused there, never followed),
 * and changes the mode of exactly the folder that descriptor holds, by its {@code /proc/self/fd}
 * name (how the C library does the same).
 *
 * <p>Best effort: on another system, another processor family, without {@code /proc}, or in a JVM
 * not allowed native access, it does nothing and says so by returning {@code false}; the deletion
 * then leaves the tree in the temporary directory, as it did before.
 */
final class OwnerAccess {

    private OwnerAccess() {
    }

    /** The owner's full permissions: what a folder needs for the deletion to empty it. */
    static final Set<PosixFilePermission> OWNER_ALL = PosixFilePermissions.fromString("rwx------");

    private static final int AT_FDCWD = -100;
    private static final int O_PATH = 010000000;
    private static final int O_CLOEXEC = 02000000;

    /** Linux's open flags that differ by processor family; {@code null} where this code does not know them. */
    private record Flags(int directory, int noFollow) {
        static Flags of(String arch) {
            return switch (arch) {
                case "amd64", "x86_64" -> new Flags(0200000, 0400000);
                case "aarch64", "arm64" -> new Flags(040000, 0100000);
                default -> null;
            };
        }
    }

    private static final Flags FLAGS = "Linux".equals(System.getProperty("os.name"))
        ? Flags.of(System.getProperty("os.arch")) : null;

    /** {@code int openat(int, const char *, int, ...)} and {@code int close(int)}, or {@code null}. */
    private static final MethodHandle OPENAT;
    private static final MethodHandle CLOSE;

    static {
        MethodHandle openat = null;
        MethodHandle close = null;
        if (FLAGS != null && OwnerAccess.class.getModule().isNativeAccessEnabled()) {
            try {
                Linker linker = Linker.nativeLinker();
                SymbolLookup libc = linker.defaultLookup();
                openat = linker.downcallHandle(libc.find("openat").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                        ValueLayout.JAVA_INT),
                    Linker.Option.firstVariadicArg(3));
                close = linker.downcallHandle(libc.find("close").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
            } catch (RuntimeException e) {
                openat = null;
                close = null;
            }
        }
        OPENAT = openat;
        CLOSE = close;
    }

    /** How this JVM writes a path's text as the bytes Linux sees (the locale's: UTF-8 or a C locale's ASCII). */
    private static final java.nio.charset.Charset NAMES = names();

    private static java.nio.charset.Charset names() {
        try {
            return java.nio.charset.Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        } catch (IllegalArgumentException e) {
            return java.nio.charset.StandardCharsets.UTF_8;
        }
    }

    /** Whether this JVM can give permissions back at all (Linux, a known processor, native access). */
    static boolean available() {
        return OPENAT != null && Files.isDirectory(Path.of("/proc/self/fd"));
    }

    /** Whether {@code name} in {@code parent} is a folder (not a link to one) that lacks any of {@link #OWNER_ALL}. */
    static boolean closed(SecureDirectoryStream<Path> parent, Path name) throws IOException {
        var attributes = parent.getFileAttributeView(name, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
            .readAttributes();
        return attributes.isDirectory() && !attributes.permissions().containsAll(OWNER_ALL);
    }

    /**
     * Sets mode 700 on the folder {@code name} in {@code parent}, never on what a link there points
     * at.
     *
     * @param parent     the open folder the entry is in
     * @param parentPath where {@code parent} was opened; used only to reach it again, and refused
     *                   unless it still names the very same folder
     * @param name       the entry: one name, no separator
     * @return whether the mode was set
     */
    static boolean open(SecureDirectoryStream<Path> parent, Path parentPath, Path name) {
        if (!available() || name.getNameCount() != 1 || name.toString().equals("..") || name.toString().equals(".")) {
            return false;
        }
        try (Arena arena = Arena.ofConfined()) {
            int folder = (int) OPENAT.invokeExact(AT_FDCWD, arena.allocateFrom(parentPath.toString(), NAMES),
                O_PATH | FLAGS.directory() | O_CLOEXEC);
            if (folder < 0) {
                return false;
            }
            try {
                Object held = parent.getFileAttributeView(BasicFileAttributeView.class).readAttributes().fileKey();
                Object reached = Files.readAttributes(descriptor(folder), BasicFileAttributes.class).fileKey();
                if (held == null || !Objects.equals(held, reached)) {
                    return false; // the path names another folder now
                }
                int entry = (int) OPENAT.invokeExact(folder, arena.allocateFrom(name.toString(), NAMES),
                    O_PATH | FLAGS.directory() | FLAGS.noFollow() | O_CLOEXEC);
                if (entry < 0) {
                    return false; // gone, a link or not a folder
                }
                try {
                    Files.setPosixFilePermissions(descriptor(entry), OWNER_ALL);
                    return true;
                } finally {
                    int ignored = (int) CLOSE.invokeExact(entry);
                }
            } finally {
                int ignored = (int) CLOSE.invokeExact(folder);
            }
        } catch (IOException | RuntimeException e) {
            return false;
        } catch (Throwable e) {
            throw new IllegalStateException("openat or close through the foreign-function API", e);
        }
    }

    /** The name under which this process reaches an open descriptor's file. */
    private static Path descriptor(int fd) {
        return Path.of("/proc/self/fd", Integer.toString(fd));
    }
}
