package convkit.fast;

/** A child-JVM entry point for {@link FewChannelConvTests}: the grid at this JVM's vector width. */
final class FewChannelConvProbe {

    private FewChannelConvProbe() {
    }

    public static void main(String[] args) {
        FewChannelConv conv = FewChannelConv.available(Tuning.DEFAULTS).orElseThrow();
        int layers = FewChannelConvTests.checkGrid(conv);
        System.out.println("lanes " + VectorFewChannelConv.L + ", " + layers + " layers match");
    }
}
