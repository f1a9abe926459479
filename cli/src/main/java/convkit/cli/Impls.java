package convkit.cli;

import java.util.function.Supplier;

import convkit.dispatch.Impl;

/** Runs a computation with a chosen {@link Impl}, turning "this implementation is missing" into a usage error. */
final class Impls {

    private Impls() {
    }

    static <T> T run(Impl impl, Supplier<T> computation) {
        try {
            return computation.get();
        } catch (UnsupportedOperationException e) {
            throw new IllegalArgumentException("--impl " + impl.name().toLowerCase(java.util.Locale.ROOT) + ": "
                + e.getMessage(), e);
        }
    }
}
