// convkit explorer: an input and its kernels, the window stepping over them, and the output it makes.
// Its arithmetic is the reference's: OutputSize.of / .unread for the sizes, Conv2d.forward for a
// convolution layer (cross-correlation, zero padding) and Conv2d.backward's dx for the transposed
// convolution. The site's browser test checks all of it against the reference on a grid of settings.
(function () {
  "use strict";

  // ---------------------------------------------------------------- arithmetic (one axis at a time)

  function floorDiv(a, b) {
    return Math.floor(a / b);
  }

  function badSetting(input, kernel, pad, stride, dilation) {
    var checks = [["input size", input, 1], ["kernel", kernel, 1], ["pad", pad, 0], ["stride", stride, 1], ["dilation", dilation, 1]];
    for (var i = 0; i < checks.length; i++) {
      var v = checks[i][1];
      if (!Number.isInteger(v) || v < checks[i][2]) {
        return checks[i][0] + " must be an integer ≥ " + checks[i][2] + ", found " + v;
      }
    }
    return null;
  }

  // As OutputSize.of, .unread and .skipped (zero padding): {out, skipped, unread, span} or {error}.
  function outputSize(input, kernel, pad, stride, dilation) {
    var bad = badSetting(input, kernel, pad, stride, dilation);
    if (bad) {
      return { error: bad };
    }
    var span = dilation * (kernel - 1) + 1;
    var out = floorDiv(input + 2 * pad - span, stride) + 1;
    if (out < 1) {
      return { error: "the kernel (spanning " + span + " pixels) does not fit in " + input + " + 2·" + pad + " = " + (input + 2 * pad) + " pixels" };
    }
    var unread = unreadPixels(input, kernel, pad, stride, dilation, out);
    return { out: out, skipped: unread.length, unread: unread, span: span };
  }

  // The input pixels no tap of any window reads: pixel i sits at padded position i + pad, and
  // window o's taps are at o·stride + t·dilation. Past the last window, or in a gap between
  // windows (stride larger than the kernel) or between dilated taps that no window fills.
  function unreadPixels(input, kernel, pad, stride, dilation, out) {
    var lastStart = (out - 1) * stride;
    var unread = [];
    for (var i = 0; i < input; i++) {
      var read = false;
      for (var t = 0; t < kernel && !read; t++) {
        var start = i + pad - t * dilation;
        read = start >= 0 && start <= lastStart && start % stride === 0;
      }
      if (!read) {
        unread.push(i);
      }
    }
    return unread;
  }

  // The size a transposed convolution makes from `input` values: the smallest image whose
  // convolution has `input` outputs, (input − 1)·stride − 2·pad + dilation·(kernel − 1) + 1.
  function transposedSize(input, kernel, pad, stride, dilation) {
    var bad = badSetting(input, kernel, pad, stride, dilation);
    if (bad) {
      return { error: bad };
    }
    var out = (input - 1) * stride - 2 * pad + dilation * (kernel - 1) + 1;
    if (out < 1) {
      return { error: "padding " + pad + " cuts away the whole output: (" + input + " − 1)·" + stride + " − 2·" + pad + " + "
        + dilation + "·(" + kernel + " − 1) + 1 = " + out + " pixels" };
    }
    return { out: out };
  }

  // {3, 7, 8, 9} as "3, 7..9", like OutputSize.ranges.
  function ranges(sorted) {
    var parts = [];
    for (var i = 0; i < sorted.length; ) {
      var j = i;
      while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) {
        j++;
      }
      parts.push(j === i ? String(sorted[i]) : j === i + 1 ? sorted[i] + ", " + sorted[j] : sorted[i] + ".." + sorted[j]);
      i = j + 1;
    }
    return parts.join(", ");
  }

  // ---------------------------------------------------------------- a layer (both axes, channels)

  // spec: {strideH, strideW, padH, padW, dilationH, dilationW}; the taps of output (k, oy, ox) of a
  // convolution of x [C][H][W] with w [K][C][KH][KW]: every (c, i, j) with the pixel it reads (null on padding).
  function taps(x, w, spec, k, oy, ox) {
    var list = [];
    var h = x[0].length;
    var wd = x[0][0].length;
    // sum over input channels and kernel rows and columns
    for (var c = 0; c < x.length; c++) {
      for (var i = 0; i < w[k][c].length; i++) {
        for (var j = 0; j < w[k][c][i].length; j++) {
          var iy = oy * spec.strideH - spec.padH + i * spec.dilationH;
          var ix = ox * spec.strideW - spec.padW + j * spec.dilationW;
          var inside = iy >= 0 && iy < h && ix >= 0 && ix < wd;
          list.push({ c: c, i: i, j: j, iy: iy, ix: ix, x: inside ? x[c][iy][ix] : null, w: w[k][c][i][j] });
        }
      }
    }
    return list;
  }

  // Conv2d.forward without bias: y [K][OH][OW] from x [C][H][W] and w [K][C][KH][KW].
  function conv2d(x, w, spec) {
    var oh = outputSize(x[0].length, w[0][0].length, spec.padH, spec.strideH, spec.dilationH).out;
    var ow = outputSize(x[0][0].length, w[0][0][0].length, spec.padW, spec.strideW, spec.dilationW).out;
    var y = [];
    // each kernel, each output position: the sum of its taps' products
    for (var k = 0; k < w.length; k++) {
      y.push([]);
      for (var oy = 0; oy < oh; oy++) {
        y[k].push([]);
        for (var ox = 0; ox < ow; ox++) {
          y[k][oy].push(taps(x, w, spec, k, oy, ox).reduce(function (s, t) { return t.x === null ? s : s + t.x * t.w; }, 0));
        }
      }
    }
    return y;
  }

  // The writes of input value (k, iy, ix) in a transposed convolution of z [K][H][W] with w [K][C][KH][KW]
  // into an output of oh × ow: every (c, i, j) with the output pixel it lands on (dropped on the padding).
  function scatters(z, w, spec, k, iy, ix, oh, ow) {
    var list = [];
    // each output channel, kernel row and column
    for (var c = 0; c < w[k].length; c++) {
      for (var i = 0; i < w[k][c].length; i++) {
        for (var j = 0; j < w[k][c][i].length; j++) {
          var oy = iy * spec.strideH - spec.padH + i * spec.dilationH;
          var ox = ix * spec.strideW - spec.padW + j * spec.dilationW;
          if (oy >= 0 && oy < oh && ox >= 0 && ox < ow) {
            list.push({ c: c, i: i, j: j, oy: oy, ox: ox, z: z[k][iy][ix], w: w[k][c][i][j] });
          }
        }
      }
    }
    return list;
  }

  // The transposed convolution (Conv2d.backward's dx with dy = z): y [C][OH][OW] from z [K][H][W].
  function convTranspose2d(z, w, spec) {
    var oh = transposedSize(z[0].length, w[0][0].length, spec.padH, spec.strideH, spec.dilationH).out;
    var ow = transposedSize(z[0][0].length, w[0][0][0].length, spec.padW, spec.strideW, spec.dilationW).out;
    var y = zeros(w[0].length, oh, ow);
    // each input value scatters its products onto the output
    for (var k = 0; k < z.length; k++) {
      for (var iy = 0; iy < z[k].length; iy++) {
        for (var ix = 0; ix < z[k][iy].length; ix++) {
          scatters(z, w, spec, k, iy, ix, oh, ow).forEach(function (s) { y[s.c][s.oy][s.ox] += s.z * s.w; });
        }
      }
    }
    return y;
  }

  function zeros(a, b, c) {
    var t = [];
    for (var i = 0; i < a; i++) {
      t.push([]);
      for (var j = 0; j < b; j++) {
        t[i].push(new Array(c).fill(0));
      }
    }
    return t;
  }

  // Small integers from a seeded generator (so a page shows the same example on every load).
  function filled(seed, shape, low, high) {
    var state = seed >>> 0;
    function next() {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return low + (state >>> 8) % (high - low + 1);
    }
    function build(depth) {
      var a = [];
      for (var i = 0; i < shape[depth]; i++) {
        a.push(depth + 1 === shape.length ? next() : build(depth + 1));
      }
      return a;
    }
    return build(0);
  }

  // ---------------------------------------------------------------- the page

  var AXIS_FIELDS = [
    { name: "input", label: "size", min: 1, max: 12, value: 7 },
    { name: "kernel", label: "kernel", min: 1, max: 5, value: 3 },
    { name: "pad", label: "padding", min: 0, max: 4, value: 0 },
    { name: "stride", label: "stride", min: 1, max: 4, value: 2 },
    { name: "dilation", label: "dilation", min: 1, max: 3, value: 1 }
  ];
  var COUNT_FIELDS = [
    { name: "channels", label: "input channels C", min: 1, max: 3, value: 1 },
    { name: "kernels", label: "kernels K", min: 1, max: 3, value: 1 }
  ];

  function element(tag, className, text) {
    var e = document.createElement(tag);
    if (className) {
      e.className = className;
    }
    if (text !== undefined) {
      e.textContent = text;
    }
    return e;
  }

  function numberInput(name, f) {
    var input = element("input");
    input.type = "number";
    input.name = name;
    input.min = f.min;
    input.max = f.max;
    input.value = f.value;
    return input;
  }

  function mount(root) {
    var inputs = {};
    var mode = element("select");
    mode.name = "mode";
    [["conv", "convolution"], ["transposed", "transposed convolution (the backward of a stride)"]].forEach(function (m) {
      var o = element("option", null, m[1]);
      o.value = m[0];
      mode.appendChild(o);
    });
    var modeLabel = element("label", "mode", "mode");
    modeLabel.appendChild(mode);
    var link = element("input");
    link.type = "checkbox";
    link.name = "same";
    link.checked = true;
    var linkLabel = element("label", "same", "");
    linkLabel.append(link, " same settings on both axes");

    // the per-axis settings as a small table: one row per setting, a column per axis
    var table = element("table", "axes");
    var head = element("tr");
    head.append(element("th", null, ""), element("th", null, "height"), element("th", null, "width"));
    table.appendChild(head);
    AXIS_FIELDS.forEach(function (f) {
      var row = element("tr");
      row.appendChild(element("th", null, f.label));
      ["h", "w"].forEach(function (axis) {
        var cell = element("td");
        inputs[f.name + "-" + axis] = numberInput(f.name + "-" + axis, f);
        inputs[f.name + "-" + axis].setAttribute("aria-label", f.label + " (" + (axis === "h" ? "height" : "width") + ")");
        cell.appendChild(inputs[f.name + "-" + axis]);
        row.appendChild(cell);
      });
      table.appendChild(row);
    });
    var counts = element("div", "controls");
    counts.appendChild(modeLabel);
    COUNT_FIELDS.forEach(function (f) {
      var label = element("label", null, f.label);
      inputs[f.name] = numberInput(f.name, f);
      label.appendChild(inputs[f.name]);
      counts.appendChild(label);
    });
    counts.appendChild(linkLabel);

    var result = element("p", "result");
    result.setAttribute("aria-live", "polite");
    var buttons = element("div", "buttons");
    var prev = button("◀ previous");
    var next = button("next ▶");
    var play = button("▶ play");
    var shuffle = button("⟳ new numbers");
    buttons.append(prev, next, play, shuffle);
    var position = element("p", "position");
    var products = element("p", "products");
    var grids = element("div", "grids");
    var legend = element("p", "legend");
    legend.innerHTML = "<span class=\"key px-in\"></span>input<span class=\"key px-pad\"></span>padding (reads 0)"
      + "<span class=\"key px-tap\"></span>taps of the window<span class=\"key px-skip\"></span>never read / never written"
      + "<span class=\"key px-now\"></span>the output it makes";
    var heading = element("p");
    heading.innerHTML = "<strong>Explorer:</strong> choose the sizes, then step the window; every number is computed as the reference computes it.";
    root.append(heading, counts, table, result, buttons, position, products, grids, legend);

    var step = 0;
    var seed = 7;
    var timer = null;

    function values() {
      var v = { mode: mode.value };
      ["h", "w"].forEach(function (axis) {
        v[axis] = {};
        AXIS_FIELDS.forEach(function (f) { v[axis][f.name] = Number(inputs[f.name + "-" + axis].value); });
      });
      v.channels = Number(inputs.channels.value);
      v.kernels = Number(inputs.kernels.value);
      return v;
    }

    function spec(v) {
      return { strideH: v.h.stride, strideW: v.w.stride, padH: v.h.pad, padW: v.w.pad, dilationH: v.h.dilation, dilationW: v.w.dilation };
    }

    function draw() {
      var v = values();
      grids.innerHTML = "";
      products.textContent = "";
      var bad = [v.channels, v.kernels].some(function (n) { return !Number.isInteger(n) || n < 1 || n > 3; })
        ? "input channels and kernels must be 1, 2 or 3" : null;
      var sizeOf = v.mode === "conv" ? outputSize : transposedSize;
      var sh = sizeOf(v.h.input, v.h.kernel, v.h.pad, v.h.stride, v.h.dilation);
      var sw = sizeOf(v.w.input, v.w.kernel, v.w.pad, v.w.stride, v.w.dilation);
      var error = bad || (sh.error ? "height: " + sh.error : null) || (sw.error ? "width: " + sw.error : null);
      ["data-out-h", "data-out-w", "data-unread-h", "data-unread-w"].forEach(function (a) { result.removeAttribute(a); });
      if (error) {
        result.className = "result error";
        result.textContent = error;
        position.textContent = "";
        return;
      }
      result.className = "result";
      result.dataset.outH = sh.out;
      result.dataset.outW = sw.out;
      var inMaps = v.mode === "conv" ? v.channels : v.kernels;
      var outMaps = v.mode === "conv" ? v.kernels : v.channels;
      var x = filled(seed, [inMaps, v.h.input, v.w.input], 0, 5);
      var w = filled(seed * 31 + 1, [v.kernels, v.channels, v.h.kernel, v.w.kernel], -1, 2);
      if (v.mode === "conv") {
        result.dataset.unreadH = sh.unread.join(",");
        result.dataset.unreadW = sw.unread.join(",");
        result.textContent = "output " + outMaps + " × " + sh.out + " × " + sw.out + ": height ⌊(" + v.h.input + " + 2·" + v.h.pad + " − "
          + v.h.dilation + "·(" + v.h.kernel + "−1) − 1) / " + v.h.stride + "⌋ + 1 = " + sh.out + ", width ⌊(" + v.w.input + " + 2·"
          + v.w.pad + " − " + v.w.dilation + "·(" + v.w.kernel + "−1) − 1) / " + v.w.stride + "⌋ + 1 = " + sw.out + "; "
          + (sh.skipped + sw.skipped ? "never read: rows " + (ranges(sh.unread) || "none") + ", columns " + (ranges(sw.unread) || "none")
            : "every pixel is read");
        drawConvolution(v, x, w, sh, sw);
      } else {
        result.textContent = "output " + outMaps + " × " + sh.out + " × " + sw.out + ": height (" + v.h.input + " − 1)·" + v.h.stride
          + " − 2·" + v.h.pad + " + " + v.h.dilation + "·(" + v.h.kernel + " − 1) + 1 = " + sh.out + ", width (" + v.w.input + " − 1)·"
          + v.w.stride + " − 2·" + v.w.pad + " + " + v.w.dilation + "·(" + v.w.kernel + " − 1) + 1 = " + sw.out;
        drawTransposed(v, x, w, sh, sw);
      }
    }

    function current(total) {
      step = ((step % total) + total) % total;
      return step;
    }

    function drawConvolution(v, x, w, sh, sw) {
      var s = spec(v);
      var y = conv2d(x, w, s);
      var at = current(v.kernels * sh.out * sw.out);
      var k = Math.floor(at / (sh.out * sw.out));
      var oy = Math.floor(at / sw.out) % sh.out;
      var ox = at % sw.out;
      position.textContent = "kernel " + k + ", output (" + oy + ", " + ox + "): window " + (at + 1) + " of " + v.kernels * sh.out * sw.out;
      var list = taps(x, w, s, k, oy, ox);
      var read = list.filter(function (t) { return t.x !== null; });
      products.textContent = "y[" + k + "][" + oy + "][" + ox + "] = " + (read.length ? read.map(function (t) {
        return t.x + "·" + paren(t.w);
      }).join(" + ") : "0") + " = " + y[k][oy][ox] + (read.length < list.length ? "  (" + (list.length - read.length) + " taps on padding read 0)" : "");
      products.dataset.value = y[k][oy][ox];
      var tapped = {};
      list.forEach(function (t) { tapped[t.c + "," + t.iy + "," + t.ix] = t; });
      var unreadH = sh.unread;
      var unreadW = sw.unread;
      var inputSection = section("input x [" + v.channels + "][" + v.h.input + "][" + v.w.input + "] with padding");
      // each input channel, padded
      for (var c = 0; c < v.channels; c++) {
        inputSection.appendChild(grid("channel " + c, v.h.input + 2 * v.h.pad, v.w.input + 2 * v.w.pad, function (r, col, px) {
          var iy = r - v.h.pad;
          var ix = col - v.w.pad;
          var pad = iy < 0 || ix < 0 || iy >= v.h.input || ix >= v.w.input;
          px.textContent = pad ? "0" : x[c][iy][ix];
          px.classList.add(pad ? "pad" : unreadH.indexOf(iy) >= 0 || unreadW.indexOf(ix) >= 0 ? "skipped" : "in");
          if (tapped[c + "," + iy + "," + ix]) {
            px.classList.add("tap");
          }
        }));
      }
      grids.appendChild(inputSection);
      grids.appendChild(kernelSection(v, w, k));
      var outputs = section("output y [" + v.kernels + "][" + sh.out + "][" + sw.out + "]");
      // each output map, one per kernel
      for (var kk = 0; kk < v.kernels; kk++) {
        outputs.appendChild(grid("map " + kk, sh.out, sw.out, valueCells(y[kk], kk === k ? oy : -1, ox)));
      }
      grids.appendChild(outputs);
    }

    function drawTransposed(v, z, w, sh, sw) {
      var s = spec(v);
      var y = convTranspose2d(z, w, s);
      var at = current(v.kernels * v.h.input * v.w.input);
      var k = Math.floor(at / (v.h.input * v.w.input));
      var iy = Math.floor(at / v.w.input) % v.h.input;
      var ix = at % v.w.input;
      position.textContent = "input map " + k + ", value (" + iy + ", " + ix + "): " + (at + 1) + " of " + v.kernels * v.h.input * v.w.input;
      var list = scatters(z, w, s, k, iy, ix, sh.out, sw.out);
      products.textContent = "z[" + k + "][" + iy + "][" + ix + "] = " + z[k][iy][ix] + " adds " + (list.length ? list.map(function (t) {
        return t.z + "·" + paren(t.w) + " to y[" + t.c + "][" + t.oy + "][" + t.ox + "]";
      }).join(", ") : "nothing (all its writes land on the cropped padding)");
      var hit = {};
      list.forEach(function (t) { hit[t.c + "," + t.oy + "," + t.ox] = true; });
      // output pixels no input value writes to: the forward convolution's unread pixels of this size
      var unwrittenH = outputSize(sh.out, v.h.kernel, v.h.pad, v.h.stride, v.h.dilation).unread;
      var unwrittenW = outputSize(sw.out, v.w.kernel, v.w.pad, v.w.stride, v.w.dilation).unread;
      var inputSection = section("input z [" + v.kernels + "][" + v.h.input + "][" + v.w.input + "] (the gradient dY of a convolution)");
      // each input map
      for (var kk = 0; kk < v.kernels; kk++) {
        inputSection.appendChild(grid("map " + kk, v.h.input, v.w.input, valueCells(z[kk], kk === k ? iy : -1, ix)));
      }
      grids.appendChild(inputSection);
      grids.appendChild(kernelSection(v, w, k));
      var outputs = section("output y [" + v.channels + "][" + sh.out + "][" + sw.out + "] (dX: each value spread over a window)");
      // each output channel
      for (var c = 0; c < v.channels; c++) {
        outputs.appendChild(grid("channel " + c, sh.out, sw.out, function (r, col, px) {
          px.textContent = y[c][r][col];
          px.classList.add(unwrittenH.indexOf(r) >= 0 || unwrittenW.indexOf(col) >= 0 ? "skipped" : "in");
          if (hit[c + "," + r + "," + col]) {
            px.classList.add("tap");
          }
        }));
      }
      grids.appendChild(outputs);
    }

    function kernelSection(v, w, k) {
      var kernels = section("kernels w [" + v.kernels + "][" + v.channels + "][" + v.h.kernel + "][" + v.w.kernel + "]");
      // each kernel, each of its channels
      for (var kk = 0; kk < v.kernels; kk++) {
        for (var c = 0; c < v.channels; c++) {
          var g = grid("w[" + kk + "][" + c + "]", v.h.kernel, v.w.kernel, valueCells(w[kk][c], -1, -1));
          if (kk === k) {
            g.classList.add("active");
          }
          kernels.appendChild(g);
        }
      }
      return kernels;
    }

    function valueCells(plane, nowRow, nowCol) {
      return function (r, col, px) {
        px.textContent = plane[r][col];
        px.classList.add(r === nowRow && col === nowCol ? "now" : "out");
      };
    }

    function section(title) {
      var s = element("div", "grid-section");
      s.appendChild(element("p", "grid-title", title));
      return s;
    }

    function grid(caption, rows, cols, paint) {
      var figure = element("div", "grid-wrap");
      figure.appendChild(element("p", "grid-caption", caption));
      // each row of cells
      for (var r = 0; r < rows; r++) {
        var row = element("div", "row");
        for (var col = 0; col < cols; col++) {
          var px = element("div", "px");
          paint(r, col, px);
          row.appendChild(px);
        }
        figure.appendChild(row);
      }
      return figure;
    }

    function paren(n) {
      return n < 0 ? "(" + n + ")" : String(n);
    }

    function button(text) {
      var b = element("button", null, text);
      b.type = "button";
      return b;
    }

    Object.keys(inputs).forEach(function (name) {
      inputs[name].addEventListener("input", function () {
        var pair = name.match(/^(.*)-h$/);
        if (pair && link.checked) {
          inputs[pair[1] + "-w"].value = inputs[name].value;
        }
        step = 0;
        draw();
      });
    });
    link.addEventListener("change", function () {
      if (link.checked) {
        AXIS_FIELDS.forEach(function (f) { inputs[f.name + "-w"].value = inputs[f.name + "-h"].value; });
      }
      draw();
    });
    mode.addEventListener("change", function () { step = 0; draw(); });
    prev.addEventListener("click", function () { step -= 1; draw(); });
    next.addEventListener("click", function () { step += 1; draw(); });
    shuffle.addEventListener("click", function () { seed = 1 + Math.floor(Math.random() * 1e9); draw(); });
    play.addEventListener("click", function () {
      if (timer) {
        clearInterval(timer);
        timer = null;
        play.textContent = "▶ play";
        return;
      }
      play.textContent = "❚❚ pause";
      timer = setInterval(function () { step += 1; draw(); }, 700);
    });
    draw();
  }

  window.convkitExplorer = {
    outputSize: outputSize,
    transposedSize: transposedSize,
    conv2d: conv2d,
    convTranspose2d: convTranspose2d
  };
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-explorer]").forEach(mount);
  });
})();
