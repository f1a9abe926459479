package convkit.fast;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Native BLAS ({@code cblas_sgemm}, {@code cblas_dgemm}) called through the Foreign Function
 * &amp; Memory API: no JNI, no C compiler, the library found at run time ({@link BlasLibraries}).
 *
 * <p>Arrays reach native code in one of two ways ({@link Transfer}): the heap array itself,
 * through a downcall linked with {@code Linker.Option.critical(true)} (no copy; the JVM holds
 * off garbage collection during the call), or a copy into an off-heap buffer of a confined
 * arena that is freed when the call returns. {@link #transferFor} picks the faster one per size
 * class, as measured by the benchmark (see {@code convkit bench}).
 *
 * <p>Every call checks its shapes with {@link GemmChecks} first: native code trusts {@code lda},
 * and a wrong one would be memory corruption rather than an exception.
 */
public final class NativeBlas implements Gemm {

    /** How arrays are handed to the native function. */
    public enum Transfer {
        /** The heap arrays themselves, through a critical downcall (no copy). */
        CRITICAL_HEAP,
        /** Copies into off-heap buffers of a per-call confined arena (freed at return). */
        ARENA_COPY
    }

    private static final int CBLAS_ROW_MAJOR = 101;
    private static final int CBLAS_NO_TRANS = 111;
    private static final int CBLAS_TRANS = 112;

    private static final FunctionDescriptor SGEMM = FunctionDescriptor.ofVoid(
        JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
        JAVA_FLOAT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_FLOAT, ADDRESS, JAVA_INT);
    private static final FunctionDescriptor DGEMM = FunctionDescriptor.ofVoid(
        JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
        JAVA_DOUBLE, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_DOUBLE, ADDRESS, JAVA_INT);

    /** Bytes of off-heap buffers currently allocated by {@link Transfer#ARENA_COPY} calls. */
    private static final AtomicLong LIVE_NATIVE_BYTES = new AtomicLong();

    private final String library;
    private final String vendor;
    private final String marker;
    /** OpenBLAS's core (the kernels it runs, {@code openblas_get_corename}), or null for another library. */
    private final String core;
    private final Cblas sgemm;
    private final Cblas dgemm;
    private final MethodHandle setNumThreads; // null when the library has no thread control
    /** Why OpenBLAS runs a core convkit named (set once, by the loader, before the library is published), or null. */
    private String coreNote;
    private volatile Transfer forcedTransfer; // null: choose per size class
    /** The heap segments of the critical calls' operands, kept for the next calls with the same arrays. */
    private final HeapSegments segments = new HeapSegments(HeapSegments.DEFAULT_SLOTS);

    NativeBlas(String library, String vendor, String marker, String core, SymbolLookup lookup,
                       MemorySegment sgemm, MemorySegment dgemm, MethodHandle setNumThreads) {
        this.library = library;
        this.vendor = vendor;
        this.marker = marker;
        this.core = core;
        // the library stays loaded as long as the JVM runs (its arena is never closed once it is in
        // use), so its functions' addresses are global: a call then need not keep the arena open
        this.sgemm = new Cblas("cblas_sgemm", JAVA_FLOAT, MemorySegment.ofAddress(sgemm.address()));
        this.dgemm = new Cblas("cblas_dgemm", JAVA_DOUBLE, MemorySegment.ofAddress(dgemm.address()));
        Downcalls.SGEMM_CRITICAL.type(); // links the handles now: a failure shows when the library is opened
        this.setNumThreads = setNumThreads;
        if (setNumThreads != null) {
            try {
                setNumThreads.invokeExact(1); // see parts
            } catch (Throwable e) {
                throw new IllegalStateException("setting the BLAS thread count failed: " + e, e);
            }
        }
    }

    /**
     * A warning when the environment holds OpenBLAS to kernels narrower than the CPU's
     * ({@code OPENBLAS_CORETYPE=Haswell} on an AVX-512 CPU), for reports; empty otherwise.
     */
    public static Optional<String> coreWarning() {
        return BlasCore.warning();
    }

    /** The library as it was named to the loader (a soname or a path). */
    public String library() {
        return library;
    }

    /** OpenBLAS, MKL, Accelerate, or BLAS for an unverified explicit library. */
    public String vendor() {
        return vendor;
    }

    /** What identified it (for OpenBLAS: its configuration string). */
    public String marker() {
        return marker;
    }

    /** Whether the library lets us set its thread count. */
    public boolean hasThreadControl() {
        return setNumThreads != null;
    }

    /** OpenBLAS's core, the kernels it runs (e.g. {@code Haswell}, {@code SkylakeX}), if the library says. */
    public Optional<String> core() {
        return Optional.ofNullable(core);
    }

    /** Why OpenBLAS runs a core convkit named for this CPU rather than its own choice, when it does. */
    public Optional<String> coreNote() {
        return Optional.ofNullable(coreNote);
    }

    /** Records why the loader named the core ({@link BlasLibraries}); once, before the library is published. */
    void coreNote(String note) {
        this.coreNote = note;
    }

    /** The vendor, OpenBLAS's core and the library: what runs the products (plan descriptions and the plan cache's key). */
    @Override
    public String name() {
        return vendor + (core == null ? "" : " " + core) + " (" + library + ")";
    }

    /** Forces one transfer for every call (for measurements); {@code null} restores the per-size choice. */
    public void forceTransfer(Transfer transfer) {
        this.forcedTransfer = transfer;
    }

    /**
     * The transfer for an m×n×k product. Measured from 8³ to one image of resnet3x3_64
     * (64×3136×576) with cli/src/jmh (figures in {@code .bench/direct-conv-history.md}), the
     * critical heap call was as fast as the arena copy or faster at every size: it skips the
     * copies and allocates nothing off-heap, so every size class uses it. The arena copy remains
     * for comparison ({@link #forceTransfer}) and for machines where it would win.
     */
    public Transfer transferFor(long m, long n, long k) {
        Transfer forced = forcedTransfer;
        return forced != null ? forced : Transfer.CRITICAL_HEAP;
    }

    /** Bytes currently held by off-heap copy buffers (0 between calls: buffers are freed). */
    public static long liveNativeBytes() {
        return LIVE_NATIVE_BYTES.get();
    }

    @Override
    public void sgemm(int threads, Transpose transA, Transpose transB, int m, int n, int k,
                      float alpha, float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                      float beta, float[] c, int cOffset, int ldc) {
        gemm(sgemm, threads, transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
    }

    @Override
    public void dgemm(int threads, Transpose transA, Transpose transB, int m, int n, int k,
                      double alpha, double[] a, int aOffset, int lda, double[] b, int bOffset, int ldb,
                      double beta, double[] c, int cOffset, int ldc) {
        gemm(dgemm, threads, transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
    }

    /**
     * One cblas GEMM function of either precision: its name, element layout and address in the
     * library. The calls go through {@link Downcalls}' handles, which take the address as their
     * first argument.
     */
    private record Cblas(String name, ValueLayout element, MemorySegment symbol) {
    }

    /**
     * The downcall handles of both GEMMs, critical heap and plain, each taking the function's
     * address as its first argument and alpha and beta as double (cblas_sgemm's handle narrows
     * them to float on the way in, exactly: a float widened to double and back is the same
     * float). So one route serves float32 and float64 and there is no twin to drift.
     *
     * <p>Why static handles taking the address, rather than handles bound to the library's symbols
     * held by each instance: a handle read from a field is not a constant to the JIT, so its call
     * is not inlined and the arguments handed to it escape; a static final handle is a constant,
     * and the JIT compiles the downcall into its caller. A holder class, so that linking (a
     * restricted method) happens only when a library is opened.
     */
    private static final class Downcalls {
        static final MethodHandle SGEMM_CRITICAL = link(SGEMM, true);
        static final MethodHandle SGEMM_PLAIN = link(SGEMM, false);
        static final MethodHandle DGEMM_CRITICAL = link(DGEMM, true);
        static final MethodHandle DGEMM_PLAIN = link(DGEMM, false);

        private Downcalls() {
        }

        private static MethodHandle link(FunctionDescriptor descriptor, boolean critical) {
            Linker linker = Linker.nativeLinker();
            MethodHandle handle = critical ? linker.downcallHandle(descriptor, Linker.Option.critical(true))
                : linker.downcallHandle(descriptor);
            // parameter 0 is the address: alpha is parameter 7, beta 12
            return MethodHandles.explicitCastArguments(handle,
                handle.type().changeParameterType(7, double.class).changeParameterType(12, double.class));
        }
    }

    /** A checked product of either precision (the arrays are float[] or double[], as {@code f} wants), split over threads. */
    private void gemm(Cblas f, int threads, Transpose transA, Transpose transB, int m, int n, int k,
                      double alpha, Object a, int aOffset, int lda, Object b, int bOffset, int ldb,
                      double beta, Object c, int cOffset, int ldc) {
        GemmChecks.threads(threads);
        GemmChecks.check(transA, transB, m, n, k, length(a), aOffset, lda, length(b), bOffset, ldb,
            length(c), cOffset, ldc);
        if (m == 0 || n == 0) {
            return;
        }
        int parts = parts(threads, m, n, k);
        if (parts == 1) {
            // the common case, called directly: no block object to allocate per call
            block(f, transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
            return;
        }
        split(parts, m, n, k, (i0, i1, j0, j1) -> block(f, transA, transB, i1 - i0, j1 - j0, k, alpha,
            a, aOffset + rowOffset(transA, i0, lda), lda, b, bOffset + columnOffset(transB, j0, ldb), ldb,
            beta, c, cOffset + i0 * ldc + j0, ldc));
    }

    /** One single-threaded call on an already checked block. */
    private void block(Cblas f, Transpose transA, Transpose transB, int m, int n, int k,
                       double alpha, Object a, int aOffset, int lda, Object b, int bOffset, int ldb,
                       double beta, Object c, int cOffset, int ldc) {
        int ta = cblas(transA);
        int tb = cblas(transB);
        try {
            boolean single = f.element() == JAVA_FLOAT;
            if (transferFor(m, n, k) == Transfer.CRITICAL_HEAP) {
                critical(f, single, ta, tb, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
                return;
            }
            try (Copies copies = new Copies(f.element(), transA, transB, m, n, k, a, aOffset, lda, b, bOffset, ldb,
                                            c, cOffset, ldc, beta != 0)) {
                if (single) {
                    Downcalls.SGEMM_PLAIN.invokeExact(f.symbol(), CBLAS_ROW_MAJOR, ta, tb, m, n, k, alpha, copies.a,
                        lda, copies.b, ldb, beta, copies.c, ldc);
                } else {
                    Downcalls.DGEMM_PLAIN.invokeExact(f.symbol(), CBLAS_ROW_MAJOR, ta, tb, m, n, k, alpha, copies.a,
                        lda, copies.b, ldb, beta, copies.c, ldc);
                }
                copies.copyBack();
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(f.name() + " failed: " + e, e);
        }
    }

    /**
     * The heap arrays themselves to the library, through a critical downcall, with one call site
     * per handle (see {@link Downcalls}) and the segments from {@link #segments}.
     */
    private void critical(Cblas f, boolean single, int ta, int tb, int m, int n, int k, double alpha, Object a,
                          int aOffset, int lda, Object b, int bOffset, int ldb, double beta, Object c, int cOffset,
                          int ldc) throws Throwable {
        MemorySegment sa = segments.of(a, aOffset);
        MemorySegment sb = segments.of(b, bOffset);
        MemorySegment sc = segments.of(c, cOffset);
        if (single) {
            Downcalls.SGEMM_CRITICAL.invokeExact(f.symbol(), CBLAS_ROW_MAJOR, ta, tb, m, n, k, alpha, sa, lda, sb, ldb,
                beta, sc, ldc);
        } else {
            Downcalls.DGEMM_CRITICAL.invokeExact(f.symbol(), CBLAS_ROW_MAJOR, ta, tb, m, n, k, alpha, sa, lda, sb, ldb,
                beta, sc, ldc);
        }
    }

    /** A block of C: rows [i0, i1), columns [j0, j1). */
    private interface Block {
        void run(int i0, int i1, int j0, int j1);
    }

    /** Smallest product (m·n·k) that is split over threads: below it, the threads cost more than they save. */
    static final long SPLIT_WORK = 1L << 21;
    /** Fewest rows or columns of C in a block of {@link #split} (more blocks than threads only): the block's call packs the other operand whole. */
    private static final int MIN_BLOCK_EXTENT = 64;

    /**
     * How many blocks an m×n×k product on {@code threads} threads runs as: the thread count when
     * the library has thread control and the product is big enough, else 1. The library itself
     * always runs single-threaded (set once when it is opened); a call with more threads is split
     * into blocks of C that run on Java threads, one single-threaded BLAS call each. Why not the
     * library's own threads: OpenBLAS's idle threads keep spinning for a while after a threaded
     * call, and on a 2-core machine they then take the cores from the Java threads of the next
     * step. A library without thread control is never split, so it is never threaded twice.
     */
    int parts(int threads, long m, long n, long k) {
        int t = threads;
        if (t <= 1 || setNumThreads == null || m * n * k < SPLIT_WORK) {
            return 1;
        }
        return (int) Math.min(t, Math.max(m, n));
    }

    /**
     * Runs the product as blocks of C on Java threads: column blocks when C is wide, row blocks
     * when it is tall. A few blocks a thread ({@link Parallel#units}), taken as threads come free,
     * where the product is large enough: each block is one BLAS call that packs the whole of the
     * other operand again, so a block keeps at least {@link #MIN_BLOCK_EXTENT} rows or columns
     * and half of {@link #SPLIT_WORK}. {@code parts} ({@link #parts}) is more than 1.
     */
    private void split(int parts, int m, int n, int k, Block block) {
        boolean byColumns = n >= m;
        int extent = byColumns ? n : m;
        long byWork = (long) m * n * k / (SPLIT_WORK / 2);
        int blocks = (int) Math.max(parts, Math.min(Parallel.units(extent / MIN_BLOCK_EXTENT, parts), byWork));
        Parallel.forEach(parts, blocks, part -> {
            // block edges on multiples of 16 elements (a cache line of floats) where the extent allows
            int from = edge(extent, part, blocks);
            int to = edge(extent, part + 1, blocks);
            if (from < to) {
                if (byColumns) {
                    block.run(0, m, from, to);
                } else {
                    block.run(from, to, 0, n);
                }
            }
        });
    }

    private static int edge(int extent, int part, int parts) {
        if (part == parts) {
            return extent;
        }
        int raw = (int) ((long) extent * part / parts);
        return Math.min(extent, (raw + 8) / 16 * 16);
    }

    /** Offset of row i of op(A): A stored m×k (NO) or k×m (YES). */
    private static int rowOffset(Transpose transA, int i, int lda) {
        return transA == Transpose.NO ? i * lda : i;
    }

    /** Offset of column j of op(B): B stored k×n (NO) or n×k (YES). */
    private static int columnOffset(Transpose transB, int j, int ldb) {
        return transB == Transpose.NO ? j : j * ldb;
    }

    /**
     * The arena transfer: the three operands of one product copied into a confined arena (A, B,
     * and C when beta reads it), counted in {@link #liveNativeBytes} until closed.
     */
    private static final class Copies implements AutoCloseable {
        private final Arena arena = Arena.ofConfined();
        private final ValueLayout layout;
        private final long bytes;
        private final Object cArray;
        private final int cOffset;
        private final int m;
        private final int n;
        private final int ldc;
        final MemorySegment a;
        final MemorySegment b;
        final MemorySegment c;

        Copies(ValueLayout layout, Transpose transA, Transpose transB, int m, int n, int k,
               Object aArray, int aOffset, int lda, Object bArray, int bOffset, int ldb,
               Object cArray, int cOffset, int ldc, boolean readC) {
            long aCount = extent(transA == Transpose.NO ? m : k, transA == Transpose.NO ? k : m, lda);
            long bCount = extent(transB == Transpose.NO ? k : n, transB == Transpose.NO ? n : k, ldb);
            long cCount = extent(m, n, ldc);
            this.layout = layout;
            this.bytes = (aCount + bCount + cCount) * layout.byteSize();
            this.cArray = cArray;
            this.cOffset = cOffset;
            this.m = m;
            this.n = n;
            this.ldc = ldc;
            LIVE_NATIVE_BYTES.addAndGet(bytes);
            try {
                a = copyIn(aArray, aOffset, aCount, true);
                b = copyIn(bArray, bOffset, bCount, true);
                c = copyIn(cArray, cOffset, cCount, readC);
            } catch (RuntimeException | Error e) {
                close(); // nothing stays allocated or counted when a copy fails
                throw e;
            }
        }

        private MemorySegment copyIn(Object array, int offset, long count, boolean read) {
            MemorySegment segment = arena.allocate(Math.max(1, count) * layout.byteSize(), 64);
            if (read) {
                MemorySegment.copy(array, offset, segment, layout, 0, (int) count);
            }
            return segment;
        }

        void copyBack() {
            NativeBlas.copyBack(c, layout, cArray, cOffset, m, n, ldc);
        }

        @Override
        public void close() {
            arena.close();
            LIVE_NATIVE_BYTES.addAndGet(-bytes);
        }
    }

    /** Copies only the m×n elements of C back (the gaps between rows may belong to others). */
    private static void copyBack(MemorySegment cs, ValueLayout layout, Object c, int cOffset, int m, int n, int ldc) {
        for (int i = 0; i < m; i++) {
            long from = (long) i * ldc * layout.byteSize();
            if (c instanceof float[] f) {
                MemorySegment.copy(cs, JAVA_FLOAT, from, f, cOffset + i * ldc, n);
            } else {
                MemorySegment.copy(cs, JAVA_DOUBLE, from, (double[]) c, cOffset + i * ldc, n);
            }
        }
    }

    private static long extent(int rows, int cols, int ld) {
        return rows == 0 || cols == 0 ? 0 : (long) (rows - 1) * ld + cols;
    }

    /** The length of a GEMM operand, a float[] or a double[]. */
    private static int length(Object array) {
        return switch (array) {
            case float[] f -> f.length;
            case double[] d -> d.length;
            default -> throw new IllegalArgumentException("a GEMM operand is a float[] or a double[], not " + array.getClass());
        };
    }

    private static int cblas(Transpose t) {
        return t == Transpose.NO ? CBLAS_NO_TRANS : CBLAS_TRANS;
    }
}
