package convkit.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * What other packages may use of {@code convkit.fast}: exactly the types below, and no public
 * member of theirs that hands out an internal type. Everything else (the direct conv's classes,
 * the kernels, the thread pool) is package-private, so a class made public by mistake, or a new
 * public class, fails here until it is added on purpose (the project has no module-info: the
 * Vector API incubator module and surefire's class path make one more trouble than it is worth).
 */
class PublicSurfaceTests {

    /**
     * The API: the layer, its plan and the plan cache (cli), the tuning, the backend and its
     * GEMMs, max pooling (the dispatcher), the im2col kernels (cli/src/jmh times them on their
     * own; DoubleIm2col is generated from FloatIm2col) and Parallel (the float32 training route
     * shares out a batch on it). Nested types by their binary names.
     */
    static final Set<String> API = Set.of(
        "ConvPlan", "ConvPlan$Route", "ConvPlan$Source", "PlanCache",
        "FastBackend", "FastBackend$Kind",
        "FastConv2d",
        "FastIm2col", "FastIm2col$Plan", "FloatIm2col", "DoubleIm2col",
        "FastPool2d", "PoolShape",
        "Gemm", "Transpose", "JavaGemm", "NativeBlas", "NativeBlas$Transfer",
        "LayerShape",
        "Parallel",
        "Tuning", "Tuning$Direct", "Tuning$Plan", "Tuning$Strategy", "Tuning$Switch", "Tuning$Tiles");

    @Test
    void theApiTypesAreExactlyThePublicTypesOfThePackage() {
        Set<String> publicTypes = new TreeSet<>();
        for (Class<?> type : packageTypes()) {
            if (reachable(type)) {
                publicTypes.add(type.getName().substring("convkit.fast.".length()));
            }
        }
        assertEquals(new TreeSet<>(API), publicTypes,
            "public types of convkit.fast (make a new one package-private, or add it to API on purpose)");
    }

    @Test
    void noApiMemberHandsOutAnInternalType() {
        List<String> leaks = new ArrayList<>();
        for (Class<?> type : packageTypes()) {
            if (!reachable(type)) {
                continue;
            }
            for (Method method : type.getDeclaredMethods()) {
                if (Modifier.isPublic(method.getModifiers()) || Modifier.isProtected(method.getModifiers())) {
                    checkSignature(type, method, method.getGenericReturnType(), leaks);
                }
            }
            for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                if (Modifier.isPublic(constructor.getModifiers()) || Modifier.isProtected(constructor.getModifiers())) {
                    checkSignature(type, constructor, void.class, leaks);
                }
            }
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isPublic(field.getModifiers()) && !internal(field.getType()).isEmpty()) {
                    leaks.add(type.getSimpleName() + "." + field.getName() + ": " + internal(field.getType()));
                }
            }
        }
        assertEquals(List.of(), leaks, "public members of the API that name package-private types");
    }

    @Test
    void theDirectConvIsInternal() {
        // the tiles, the layouts of t and the rewrite are reached only through FastConv2d
        for (Class<?> internal : List.of(DirectConv.class, VectorDirectConv.class, DirectLayout.class,
            PositionTiles.class, ChannelTiles.class, DirectWeightGradient.class, DirectDataGradient.class,
            InputRewrite.class,
            DirectBuffer.class, VectorTranspose.class, VectorKernels.class)) {
            assertTrue(!Modifier.isPublic(internal.getModifiers()), internal.getName() + " should be package-private");
        }
    }

    private static void checkSignature(Class<?> owner, Executable member, Type returned, List<String> leaks) {
        List<Type> types = new ArrayList<>(List.of(member.getGenericParameterTypes()));
        types.add(returned);
        for (Type type : types) {
            String internal = internal(type);
            if (!internal.isEmpty()) {
                leaks.add(owner.getSimpleName() + "." + member.getName() + ": " + internal);
            }
        }
    }

    /** The package-private convkit.fast types that {@code type} names (its generic arguments included), or "". */
    private static String internal(Type type) {
        return switch (type) {
            case Class<?> c when c.isArray() -> internal(c.getComponentType());
            case Class<?> c -> c.getPackageName().equals("convkit.fast") && !reachable(c) ? c.getName() : "";
            case java.lang.reflect.ParameterizedType p -> Stream.concat(Stream.of(p.getRawType()),
                    Stream.of(p.getActualTypeArguments())).map(PublicSurfaceTests::internal)
                .filter(name -> !name.isEmpty()).findFirst().orElse("");
            default -> "";
        };
    }

    /** Public, and (nested) inside public types only: reachable from another package. */
    private static boolean reachable(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
            if (!Modifier.isPublic(c.getModifiers())) {
                return false;
            }
        }
        return !type.isAnonymousClass() && !type.isLocalClass();
    }

    /** Every class compiled into convkit.fast (main sources: the folder LayerShape was loaded from). */
    private static List<Class<?>> packageTypes() {
        Path folder;
        try {
            folder = Path.of(LayerShape.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("convkit/fast");
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        assertTrue(Files.isDirectory(folder), "the main classes of convkit.fast should be a folder here: " + folder);
        List<Class<?>> types = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                String name = file.getFileName().toString();
                types.add(Class.forName("convkit.fast." + name.substring(0, name.length() - ".class".length()),
                    false, LayerShape.class.getClassLoader()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        assertTrue(types.size() > API.size(), "found only " + types.size() + " classes in " + folder);
        return types;
    }
}
