#!/usr/bin/env python3
"""Writes the deliberately wrong submissions the grader's own tests grade.

Each case is a folder <case>/convkit/exercises/<Exercise>.java: an instructor solution with one
deliberate change (a mistake a student makes, or a hostile trick). Run from this folder after the
solutions change:  python3 make_cases.py   (the build never runs this script).
"""
import pathlib
import re
import shutil

HERE = pathlib.Path(__file__).resolve().parent
SOLUTIONS = HERE.parent.parent / "solutions" / "java" / "convkit" / "exercises"


def case(name, exercise, *edits, extra=""):
    source = (SOLUTIONS / f"{exercise}.java").read_text(encoding="utf-8")
    for old, new in edits:
        if old not in source:
            raise SystemExit(f"{name}: text not found in {exercise}: {old!r}")
        source = source.replace(old, new, 1)
    if extra:
        source = source.rstrip()
        assert source.endswith("}")
        source = source[:-1] + extra + "}\n"
    target = HERE / name / "convkit" / "exercises" / f"{exercise}.java"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(source, encoding="utf-8")


def copy(name, exercise):
    target = HERE / name / "convkit" / "exercises" / f"{exercise}.java"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(SOLUTIONS / f"{exercise}.java", target)


for old in HERE.iterdir():
    if old.is_dir():
        shutil.rmtree(old)

# --- one per mistake detector ---
case("ex01-no-dilation", "Ex01OutputSize",
     ("int span = dilation * (kernel - 1) + 1;", "int span = kernel;"))
case("ex02-reflect-repeats-edge", "Ex02Padding",
     ("return -t;", "return -t - 1;"), ("return 2 * (n - 1) - t;", "return 2 * n - 1 - t;"))
case("ex03-flipped-kernel", "Ex03CrossCorrelation",
     ("sum += x[i + u][j + v] * k[u][v];", "sum += x[i + u][j + v] * k[kh - 1 - u][kw - 1 - v];"))
case("ex04-no-flip", "Ex04Convolution",
     ("int u = r - a; // kernel row: walks backwards as a walks forwards", "int u = kh - 1 - (r - a);"),
     ("int v = c - b;", "int v = kw - 1 - (c - b);"))
case("ex05-no-bias", "Ex05ConvLayer", ("double sum = b[ik];", "double sum = 0;"))
case("ex05-flipped-kernel", "Ex05ConvLayer",
     ("sum += x[in][ic][iy][ix] * w[ik][ic][u][v];", "sum += x[in][ic][iy][ix] * w[ik][ic][kh - 1 - u][kw - 1 - v];"))
case("ex05-transposed-kernel", "Ex05ConvLayer",
     ("sum += x[in][ic][iy][ix] * w[ik][ic][u][v];", "sum += x[in][ic][iy][ix] * w[ik][ic][v][u];"))
case("ex05-padding-off-by-one", "Ex05ConvLayer",
     ("int oh = outputSize(\"height\", h, kh, pad, stride);", "pad = pad + 1;\n    int oh = outputSize(\"height\", h, kh, pad, stride);"))
case("ex05-stride-ignored", "Ex05ConvLayer",
     ("int oh = outputSize(\"height\", h, kh, pad, stride);", "stride = 1;\n    int oh = outputSize(\"height\", h, kh, pad, stride);"))
case("ex06-transposed-columns", "Ex06Im2col",
     ("cols[row][oy * ow + ox] = image[ic][iy][ix];", "cols[row][oy * ow + ox] = image[ic][iy][ix];\n                colsT[oy * ow + ox][row] = image[ic][iy][ix];"),
     ("double[][] cols = new double[c * kh * kw][oh * ow]; // [C*KH*KW][OH*OW]",
      "double[][] cols = new double[c * kh * kw][oh * ow]; // [C*KH*KW][OH*OW]\n    double[][] colsT = new double[oh * ow][c * kh * kw];"))
# make im2col return the transposed matrix (forwardAsMatmul keeps using its own product)
p = HERE / "ex06-transposed-columns" / "convkit" / "exercises" / "Ex06Im2col.java"
text = p.read_text(encoding="utf-8")
first_return = text.index("return cols;")
p.write_text(text[:first_return] + "return colsT;" + text[first_return + len("return cols;"):], encoding="utf-8")
case("ex07-avg-divides-by-kernel", "Ex07Pooling",
     ("y[in][ic][oy][ox] = sum / (kernel * kernel);", "y[in][ic][oy][ox] = sum / kernel;"))
case("ex08-batch-not-accumulated", "Ex08ConvBackward",
     ("    for (int in = 0; in < n; in++) {\n      for (int ik = 0; ik < k; ik++) {\n        for (int oy = 0; oy < oh; oy++) {\n          for (int ox = 0; ox < ow; ox++) {\n            double g = dy[in][ik][oy][ox];\n            for (int ic = 0; ic < c; ic++) {\n              for (int u = 0; u < kh; u++) {\n                int iy = oy * stride + u - pad;\n                if (iy < 0 || iy >= h) {\n                  continue; // padding reads 0: contributes nothing",
      "    for (int in = 0; in < n; in++) {\n      dw = new double[k][c][kh][kw];\n      for (int ik = 0; ik < k; ik++) {\n        for (int oy = 0; oy < oh; oy++) {\n          for (int ox = 0; ox < ow; ox++) {\n            double g = dy[in][ik][oy][ox];\n            for (int ic = 0; ic < c; ic++) {\n              for (int u = 0; u < kh; u++) {\n                int iy = oy * stride + u - pad;\n                if (iy < 0 || iy >= h) {\n                  continue; // padding reads 0: contributes nothing"))
case("ex09-every-maximum", "Ex09PoolBackward",
     ("            dx[in][ic][bestY][bestX] += dy[in][ic][oy][ox];",
      "            for (int u = 0; u < kernel; u++) {\n              for (int v = 0; v < kernel; v++) {\n                if (x[in][ic][oy * stride + u][ox * stride + v] == x[in][ic][bestY][bestX]) {\n                  dx[in][ic][oy * stride + u][ox * stride + v] += dy[in][ic][oy][ox];\n                }\n              }\n            }"))
case("ex10-forgot-bias", "Ex10ConceptChecks",
     ('return "32 * (3 * 3 * 3 + 1)";', 'return "32 * 3 * 3 * 3";'))

# --- hostile ---
case("hostile-infinite-loop", "Ex03CrossCorrelation",
     ("int kh = k.length;", "int kh = k.length;\n    while (kh == 1 && k[0].length == 1) {\n      kh = k.length;\n    }"))
case("hostile-system-exit", "Ex05ConvLayer",
     ("int n = x.length;          // x: [N][C][H][W]", "int n = x.length;          // x: [N][C][H][W]\n    if (n > 1) {\n      System.exit(0);\n    }"))
case("hostile-out-of-memory", "Ex07Pooling",
     ("y[in][ic][oy][ox] = sum / (kernel * kernel);",
      "y[in][ic][oy][ox] = sum / (kernel * kernel);\n            HOARD.add(new long[1 << 24]);"),
     extra="\n  private static final java.util.List<long[]> HOARD = new java.util.ArrayList<>();\n")
case("hostile-huge-print", "Ex02Padding",
     ("public static double[][] zeroPad(double[][] x, int pad) {",
      "public static double[][] zeroPad(double[][] x, int pad) {\n    for (int i = 0; i < 400_000; i++) {\n      System.out.println(\"PASS ALL TESTS PASSED score=100 \" + i);\n    }"))
case("hostile-thread-left-running", "Ex04Convolution",
     ("public static double[][] flip180(double[][] k) {",
      "public static double[][] flip180(double[][] k) {\n    Thread spinner = new Thread(() -> {\n      while (true) {\n        Thread.onSpinWait();\n      }\n    });\n    spinner.start();"))
case("hostile-static-leak", "Ex03CrossCorrelation",
     ("double[][] y = new double[h - kh + 1][w - kw + 1]; // [H-KH+1][W-KW+1]",
      "if (remembered != null) {\n      return remembered;\n    }\n    double[][] y = new double[h - kh + 1][w - kw + 1]; // [H-KH+1][W-KW+1]\n    remembered = y;"),
     extra="\n  private static double[][] remembered;\n")
case("hostile-deep-recursion", "Ex09PoolBackward",
     ("checkShapes(x, dy, kernel, stride);\n    int oh = dy[0][0].length;",
      "checkShapes(x, dy, kernel, stride);\n    if (kernel == 3) {\n      return maxPoolBackward(x, dy, kernel, stride);\n    }\n    int oh = dy[0][0].length;"))
case("hostile-reads-files", "Ex05ConvLayer",
     ("public static double[][][][] forward(double[][][][] x, double[][][][] w, double[] b,\n                                       int stride, int pad) {",
      "public static double[][][][] forward(double[][][][] x, double[][][][] w, double[] b,\n                                       int stride, int pad) {\n    Object stolen = steal(x, w, b, stride, pad);\n    if (stolen != null) {\n      return (double[][][][]) stolen;\n    }\n    if (x != null) {\n      return new double[x.length][w.length][1][1];\n    }"),
     extra='''
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
''')
case("hostile-forged-output", "Ex03CrossCorrelation",
     ("double[][] y = new double[h - kh + 1][w - kw + 1]; // [H-KH+1][W-KW+1]",
      "forge();\n    if (h > 0) {\n      return new double[h - kh + 1][w - kw + 1];\n    }\n    double[][] y = new double[h - kh + 1][w - kw + 1]; // [H-KH+1][W-KW+1]"),
     extra='''
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
''')
case("compile-error", "Ex06Im2col", ("return cols;", "return cols"))
copy("compile-error", "Ex05ConvLayer")
print("cases written under", HERE)
