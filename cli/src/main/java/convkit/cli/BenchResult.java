package convkit.cli;

/**
 * One measured line of the benchmark: a layer, an implementation and a pass.
 *
 * @param pass           "forward" or "forward+backward"
 * @param measuredBatch  the batch actually run (smaller than the layer's for slow implementations)
 * @param computeDtype   the precision the implementation computed in (the reference is float64 only)
 * @param medianMs       median wall time of the runs, scaled to the full batch
 * @param flops          2·N·K·OH·OW·C·R·S for forward, three times that for forward+backward
 * @param peakHeapMiB    the most heap in use during the runs (inputs, outputs, buffers, garbage)
 */
record BenchResult(BenchLayer layer, String impl, String backend, String pass, int measuredBatch,
                   String computeDtype, int runs, double medianMs, double minMs, double maxMs, double flops,
                   double peakHeapMiB) {

    double gflops() {
        return flops / (medianMs * 1e6);
    }

    boolean scaled() {
        return measuredBatch != layer.shape().n();
    }
}
