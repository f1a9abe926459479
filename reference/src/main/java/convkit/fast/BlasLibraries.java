package convkit.fast;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finding a native BLAS for {@link NativeBlas}: which library files are tried, what each must
 * prove, and what it is (vendor, marker, OpenBLAS's core, its thread control).
 *
 * <p>Discovery order ({@link #discover()}):
 * <ol>
 *   <li>a file named by the system property {@code convkit.blas} or the environment variable
 *       {@code CONVKIT_BLAS} (when it cannot be used, a message says why and the search goes on);</li>
 *   <li>OpenBLAS: {@code libopenblas.so.0}, {@code libopenblas.so}, {@code libopenblas.dylib}, {@code libopenblas.dll};</li>
 *   <li>macOS Accelerate;</li>
 *   <li>Intel MKL ({@code libmkl_rt});</li>
 *   <li>{@code libblas.so.3}, only when it exports {@code openblas_get_config}: the netlib
 *       reference BLAS answers to the same name and is 10–20× slower, so it is not a fast path.</li>
 * </ol>
 * {@code SymbolLookup.libraryLookup} hands the name to {@code dlopen}, which wants a file name
 * ({@code libopenblas.so.0}), not a library name ({@code openblas}).
 *
 * <p>An OpenBLAS that picked kernels narrower than the CPU's vectors, where the user named no
 * core, is unloaded and loaded again with the core {@link BlasCore#forThisCpu} names.
 */
final class BlasLibraries {

    /** What {@link #discover()} found: the library (if any) and a line per candidate tried. */
    record Discovery(Optional<NativeBlas> blas, List<String> notes) {
        public Discovery {
            notes = List.copyOf(notes);
        }
    }

    /** System property naming a BLAS library file. */
    static final String PROPERTY = "convkit.blas";
    /** Environment variable naming a BLAS library file. */
    static final String ENVIRONMENT = "CONVKIT_BLAS";

    private static volatile Discovery discovered;

    private BlasLibraries() {
    }

    /**
     * Finds a native BLAS once per JVM, in the order of the class comment. Never throws: a
     * library that cannot be used is a note in the result, not a crash.
     */
    static Discovery discover() {
        Discovery result = discovered;
        if (result == null) {
            synchronized (BlasLibraries.class) {
                result = discovered;
                if (result == null) {
                    result = search(System.getProperty(PROPERTY), System.getenv(ENVIRONMENT));
                    discovered = result;
                }
            }
        }
        return result;
    }

    /** The search itself, with the override passed in (so tests can try a bad path). */
    static Discovery search(String property, String environment) {
        List<String> notes = new ArrayList<>();
        BlasCore.environmentNote().ifPresent(notes::add);
        String explicit = property != null && !property.isBlank() ? property
            : environment != null && !environment.isBlank() ? environment : null;
        String origin = property != null && !property.isBlank() ? "-D" + PROPERTY : ENVIRONMENT;
        if (explicit != null) {
            try {
                NativeBlas blas = load(explicit, Candidate.EXPLICIT);
                notes.add(origin + "=" + explicit + ": using it (" + blas.marker() + ")");
                blas.coreNote().ifPresent(notes::add);
                return new Discovery(Optional.of(blas), notes);
            } catch (IllegalArgumentException e) {
                notes.add(origin + "=" + explicit + " cannot be used: " + e.getMessage()
                    + "; searching the usual places instead");
            }
        }
        for (String[] candidate : candidates()) {
            String name = candidate[0];
            Candidate kind = Candidate.valueOf(candidate[1]);
            try {
                NativeBlas blas = load(name, kind);
                notes.add(name + ": using it (" + blas.marker() + ")");
                blas.coreNote().ifPresent(notes::add);
                return new Discovery(Optional.of(blas), notes);
            } catch (IllegalArgumentException e) {
                notes.add(name + ": " + e.getMessage());
            }
        }
        return new Discovery(Optional.empty(), notes);
    }

    /** What a candidate must prove before it counts as a fast BLAS. */
    enum Candidate {
        /** Named by the user: any library with cblas_sgemm and cblas_dgemm. */
        EXPLICIT,
        /** An OpenBLAS soname. */
        OPENBLAS,
        /** Apple's Accelerate framework. */
        ACCELERATE,
        /** Intel MKL's single dynamic library. */
        MKL,
        /** A generic libblas: accepted only when it exports {@code openblas_get_config}. */
        GENERIC_NEEDS_OPENBLAS_MARKER
    }

    private static List<String[]> candidates() {
        return List.of(
            new String[] {"libopenblas.so.0", "OPENBLAS"},
            new String[] {"libopenblas.so", "OPENBLAS"},
            new String[] {"libopenblas.dylib", "OPENBLAS"},
            new String[] {"libopenblas.dll", "OPENBLAS"},
            new String[] {"/System/Library/Frameworks/Accelerate.framework/Accelerate", "ACCELERATE"},
            new String[] {"libmkl_rt.so.2", "MKL"},
            new String[] {"libmkl_rt.so", "MKL"},
            new String[] {"libmkl_rt.dylib", "MKL"},
            new String[] {"mkl_rt.2.dll", "MKL"},
            new String[] {"libblas.so.3", "GENERIC_NEEDS_OPENBLAS_MARKER"});
    }

    /**
     * Loads one library, or throws {@link IllegalArgumentException} saying why it cannot serve:
     * not found, no {@code cblas_sgemm}/{@code cblas_dgemm}, or (for a generic libblas) no
     * OpenBLAS marker. An OpenBLAS whose own core is narrower than the CPU is loaded again with
     * the core {@link BlasCore#forThisCpu} names.
     */
    static NativeBlas load(String name, Candidate kind) {
        return load(name, kind, true);
    }

    /** As {@link #load(String, Candidate)}; {@code nameACore}: whether a core may be named for this CPU. */
    private static NativeBlas load(String name, Candidate kind, boolean nameACore) {
        if (kind == Candidate.EXPLICIT) {
            Path path = Path.of(name);
            if (name.contains("/") || name.contains("\\")) {
                if (!Files.exists(path)) {
                    throw new IllegalArgumentException("no such file");
                }
                if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
                    throw new IllegalArgumentException("not a readable file");
                }
                if (!looksLikeASharedLibrary(path)) {
                    throw new IllegalArgumentException("not a shared library (no ELF, Mach-O or PE header)");
                }
            }
        }
        Arena arena = Arena.ofShared();
        SymbolLookup lookup;
        try {
            lookup = SymbolLookup.libraryLookup(name, arena);
        } catch (IllegalArgumentException | IllegalCallerException e) {
            arena.close();
            throw new IllegalArgumentException("not found by the dynamic loader", e);
        }
        Optional<MemorySegment> sgemm = lookup.find("cblas_sgemm");
        Optional<MemorySegment> dgemm = lookup.find("cblas_dgemm");
        if (sgemm.isEmpty() || dgemm.isEmpty()) {
            arena.close();
            throw new IllegalArgumentException("loaded, but it exports no cblas_sgemm/cblas_dgemm (not a CBLAS library)");
        }
        Linker linker = Linker.nativeLinker();
        String vendor;
        String marker;
        MethodHandle threadControl = null;
        Optional<MemorySegment> openblasConfig = lookup.find("openblas_get_config");
        Optional<MemorySegment> mklVersion = lookup.find("MKL_Get_Version_String");
        if (openblasConfig.isPresent()) {
            vendor = "OpenBLAS";
            marker = "openblas_get_config: " + text(linker, openblasConfig.get(), "openblas_get_config");
            threadControl = lookup.find("openblas_set_num_threads")
                .map(symbol -> linker.downcallHandle(symbol, FunctionDescriptor.ofVoid(JAVA_INT)))
                .orElse(null);
        } else if (mklVersion.isPresent()) {
            vendor = "MKL";
            marker = "MKL_Get_Version_String present";
            threadControl = lookup.find("MKL_Set_Num_Threads")
                .map(symbol -> linker.downcallHandle(symbol, FunctionDescriptor.ofVoid(JAVA_INT)))
                .orElse(null);
        } else if (kind == Candidate.ACCELERATE) {
            vendor = "Accelerate";
            marker = "Apple Accelerate framework";
        } else if (kind == Candidate.EXPLICIT) {
            vendor = "BLAS";
            marker = "no marker of an optimised BLAS (openblas_get_config, MKL_Get_Version_String):"
                + " if this is the netlib reference BLAS it is 10-20x slower than OpenBLAS";
        } else {
            arena.close();
            throw new IllegalArgumentException("has cblas_sgemm but no openblas_get_config: probably the slow"
                + " reference BLAS, not used (install OpenBLAS, e.g. libopenblas0)");
        }
        if (kind == Candidate.OPENBLAS && openblasConfig.isEmpty()) {
            marker = "OpenBLAS soname (no openblas_get_config)";
            vendor = "OpenBLAS";
        }
        String core = lookup.find("openblas_get_corename").map(symbol -> text(linker, symbol, "openblas_get_corename"))
            .orElse(null);
        Optional<CpuInfo> cpu = CpuInfo.read(Path.of("/proc/cpuinfo"));
        Optional<String> named = !nameACore ? Optional.empty() : BlasCore.forThisCpu(core, marker,
            System.getenv(BlasCore.VARIABLE), System.getProperty("os.arch"), cpu.map(CpuInfo::flags).orElse(Set.of()));
        Optional<Environment> environment = named.flatMap(n -> Environment.of(linker));
        if (environment.isPresent()) {
            // unloaded (dlclose: OpenBLAS's destructor stops its threads), then loaded again: its
            // constructor picks the core again, reading the variable set for that load only
            arena.close();
            NativeBlas again;
            environment.get().set(BlasCore.VARIABLE, named.get());
            try {
                again = load(name, kind, false);
            } finally {
                environment.get().set(BlasCore.VARIABLE, null);
            }
            again.coreNote(BlasCore.namedNote(core, named.get(), again.core().orElse("no core"),
                cpu.map(CpuInfo::describe).orElse("unknown")));
            return again;
        }
        return new NativeBlas(name, vendor, marker, core, lookup, sgemm.get(), dgemm.get(), threadControl);
    }

    /** Whether the file starts like a shared library; dlopen on anything else only confuses the JVM. */
    private static boolean looksLikeASharedLibrary(Path path) {
        byte[] head = new byte[4];
        try (java.io.InputStream in = Files.newInputStream(path)) {
            if (in.readNBytes(head, 0, 4) < 4) {
                return false;
            }
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot be read: " + e.getMessage(), e);
        }
        int magic = ((head[0] & 0xff) << 24) | ((head[1] & 0xff) << 16) | ((head[2] & 0xff) << 8) | (head[3] & 0xff);
        boolean elf = magic == 0x7f454c46;
        boolean pe = (magic >>> 16) == 0x4d5a;
        boolean machO = magic == 0xcffaedfe || magic == 0xcefaedfe || magic == 0xcafebabe || magic == 0xfeedfacf;
        return elf || pe || machO;
    }

    /** What a C function of no arguments that returns a string ({@code openblas_get_config}) returns. */
    private static String text(Linker linker, MemorySegment symbol, String function) {
        MethodHandle call = linker.downcallHandle(symbol, FunctionDescriptor.of(ADDRESS));
        try {
            MemorySegment text = (MemorySegment) call.invokeExact();
            return text.reinterpret(512).getString(0).strip();
        } catch (Throwable e) {
            throw new IllegalArgumentException(function + " failed: " + e, e);
        }
    }

    /**
     * The C library's process environment, which a native library reads as it loads: its {@code
     * setenv(3)} and {@code unsetenv(3)}.
     */
    record Environment(MethodHandle setenv, MethodHandle unsetenv) {

        /** This process's, or empty where the C library has no setenv (Windows' has {@code _putenv}). */
        static Optional<Environment> of(Linker linker) {
            SymbolLookup c = linker.defaultLookup();
            return c.find("setenv").flatMap(setenv -> c.find("unsetenv").map(unsetenv -> new Environment(
                linker.downcallHandle(setenv, FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT)),
                linker.downcallHandle(unsetenv, FunctionDescriptor.of(JAVA_INT, ADDRESS)))));
        }

        /**
         * Sets {@code variable} to {@code value}, or removes it when {@code value} is null. The JVM's
         * own copy ({@link System#getenv}), taken when first read (the loader reads it before it
         * sets anything), does not change.
         */
        void set(String variable, String value) {
            try (Arena arena = Arena.ofConfined()) {
                int result = value == null ? (int) unsetenv.invokeExact(arena.allocateFrom(variable))
                    : (int) setenv.invokeExact(arena.allocateFrom(variable), arena.allocateFrom(value), 1);
                if (result != 0) {
                    throw new IllegalStateException((value == null ? "unsetenv(" : "setenv(") + variable + ") failed");
                }
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException("setting " + variable + " failed: " + e, e);
            }
        }
    }
}
