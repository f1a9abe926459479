// convkit explorer: choose input size, kernel, padding, stride and dilation; watch the window slide.
// Its arithmetic is the reference's OutputSize (checked against it by the site's browser test).
(function () {
  "use strict";

  function floorDiv(a, b) {
    return Math.floor(a / b);
  }

  // Same rules and results as convkit.reference.OutputSize.of / .unread / .skipped (zero padding).
  function outputSize(input, kernel, pad, stride, dilation) {
    var checks = [["input size", input, 1], ["kernel", kernel, 1], ["pad", pad, 0], ["stride", stride, 1], ["dilation", dilation, 1]];
    for (var i = 0; i < checks.length; i++) {
      var v = checks[i][1];
      if (!Number.isInteger(v) || v < checks[i][2]) {
        return { error: checks[i][0] + " must be an integer ≥ " + checks[i][2] + ", found " + v };
      }
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

  var FIELDS = [
    { name: "input", label: "input size", min: 1, max: 24, value: 7 },
    { name: "kernel", label: "kernel size", min: 1, max: 9, value: 3 },
    { name: "pad", label: "padding", min: 0, max: 6, value: 0 },
    { name: "stride", label: "stride", min: 1, max: 6, value: 2 },
    { name: "dilation", label: "dilation", min: 1, max: 4, value: 1 }
  ];

  function mount(root) {
    var controls = document.createElement("div");
    controls.className = "controls";
    var inputs = {};
    FIELDS.forEach(function (f) {
      var label = document.createElement("label");
      label.textContent = f.label;
      var input = document.createElement("input");
      input.type = "number";
      input.name = f.name;
      input.min = f.min;
      input.max = f.max;
      input.value = f.value;
      label.appendChild(input);
      controls.appendChild(label);
      inputs[f.name] = input;
    });
    var result = document.createElement("p");
    result.className = "result";
    result.setAttribute("aria-live", "polite");
    var buttons = document.createElement("div");
    buttons.className = "buttons";
    var prev = button("◀ previous");
    var next = button("next ▶");
    var play = button("▶ play");
    buttons.append(prev, next, play);
    var position = document.createElement("p");
    position.className = "position";
    var gridWrap = document.createElement("div");
    gridWrap.className = "grid-wrap";
    var legend = document.createElement("p");
    legend.className = "legend";
    legend.innerHTML = "<span style=\"background:#e4ecf7\"></span>input<span class=\"pad-key\" style=\"background:#dde1e6\"></span>padding"
      + "<span style=\"background:#f6b73c\"></span>kernel taps<span style=\"background:#f4a6a6\"></span>never read";
    var heading = document.createElement("p");
    heading.innerHTML = "<strong>Explorer:</strong> one axis shown as a square image; change a number and step the window.";
    root.append(heading, controls, result, buttons, position, gridWrap, legend);

    var step = 0;
    var timer = null;

    function values() {
      var v = {};
      FIELDS.forEach(function (f) { v[f.name] = Number(inputs[f.name].value); });
      return v;
    }

    function draw() {
      var v = values();
      var r = outputSize(v.input, v.kernel, v.pad, v.stride, v.dilation);
      gridWrap.innerHTML = "";
      if (r.error) {
        result.className = "result error";
        result.textContent = r.error;
        result.removeAttribute("data-out");
        result.removeAttribute("data-skipped");
        result.removeAttribute("data-unread");
        position.textContent = "";
        return;
      }
      result.className = "result";
      result.dataset.out = r.out;
      result.dataset.skipped = r.skipped;
      result.dataset.unread = r.unread.join(",");
      result.textContent = "output " + r.out + " × " + r.out + "  =  ⌊(" + v.input + " + 2·" + v.pad + " − " + v.dilation
        + "·(" + v.kernel + "−1) − 1) / " + v.stride + "⌋ + 1;  "
        + (r.skipped ? "never read per axis: " + r.skipped + " (" + ranges(r.unread) + ")" : "every pixel is read");
      var positions = r.out * r.out;
      step = ((step % positions) + positions) % positions;
      var oy = Math.floor(step / r.out);
      var ox = step % r.out;
      position.textContent = "window at output (" + oy + ", " + ox + "), position " + (step + 1) + " of " + positions;
      var size = v.input + 2 * v.pad;
      var taps = {};
      for (var i = 0; i < v.kernel; i++) {
        for (var j = 0; j < v.kernel; j++) {
          taps[(oy * v.stride + i * v.dilation) + "," + (ox * v.stride + j * v.dilation)] = true;
        }
      }
      for (var y = 0; y < size; y++) {
        var row = document.createElement("div");
        row.className = "row";
        for (var x = 0; x < size; x++) {
          var px = document.createElement("div");
          px.className = "px";
          var isPad = y < v.pad || x < v.pad || y >= v.pad + v.input || x >= v.pad + v.input;
          if (isPad) {
            px.classList.add("pad");
            px.textContent = "0";
          } else if (r.unread.indexOf(y - v.pad) >= 0 || r.unread.indexOf(x - v.pad) >= 0) {
            px.classList.add("skipped");
          }
          if (taps[y + "," + x]) {
            px.classList.add("tap");
          }
          var inSpan = y >= oy * v.stride && y < oy * v.stride + r.span && x >= ox * v.stride && x < ox * v.stride + r.span;
          if (inSpan) {
            px.classList.add("span");
          }
          row.appendChild(px);
        }
        gridWrap.appendChild(row);
      }
    }

    function button(text) {
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = text;
      return b;
    }

    FIELDS.forEach(function (f) {
      inputs[f.name].addEventListener("input", function () { step = 0; draw(); });
    });
    prev.addEventListener("click", function () { step -= 1; draw(); });
    next.addEventListener("click", function () { step += 1; draw(); });
    play.addEventListener("click", function () {
      if (timer) {
        clearInterval(timer);
        timer = null;
        play.textContent = "▶ play";
        return;
      }
      play.textContent = "❚❚ pause";
      timer = setInterval(function () { step += 1; draw(); }, 600);
    });
    draw();
  }

  window.convkitExplorer = { outputSize: outputSize };
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-explorer]").forEach(mount);
  });
})();
