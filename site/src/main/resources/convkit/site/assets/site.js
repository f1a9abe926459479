// convkit site: math rendering, copy buttons, search, the phone menu. Plain JavaScript, no network.
(function () {
  "use strict";

  function renderMath() {
    if (typeof katex === "undefined") {
      return;
    }
    document.querySelectorAll(".math-inline, .math-display").forEach(function (el) {
      var tex = el.textContent;
      katex.render(tex, el, { displayMode: el.classList.contains("math-display"), throwOnError: false });
    });
  }

  function copyText(text, button) {
    function done(label) {
      button.textContent = label;
      setTimeout(function () { button.textContent = "Copy"; }, 1500);
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { done("Copied"); }, function () { done("Press Ctrl+C"); });
      return;
    }
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "absolute";
    area.style.left = "-9999px";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    done(ok ? "Copied" : "Press Ctrl+C");
  }

  function copyButtons() {
    document.querySelectorAll(".code-wrap > .copy-button").forEach(function (button) {
      button.addEventListener("click", function () {
        var code = button.parentElement.querySelector("pre code");
        copyText(code ? code.textContent : "", button);
      });
    });
  }

  function escapeHtml(s) {
    return s.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" }[c];
    });
  }

  // Every word of the query must occur; title and section hits rank above text hits.
  function search(query) {
    var index = window.CONVKIT_SEARCH_INDEX || [];
    var words = query.toLowerCase().split(/\s+/).filter(function (w) { return w.length > 0; });
    if (words.length === 0) {
      return [];
    }
    var hits = [];
    index.forEach(function (entry) {
      var section = entry.section.toLowerCase();
      var title = entry.title.toLowerCase();
      var body = entry.text.toLowerCase();
      var score = 0;
      for (var i = 0; i < words.length; i++) {
        if (section.indexOf(words[i]) >= 0) {
          score += 20;
        } else if (title.indexOf(words[i]) >= 0) {
          score += 10;
        } else if (body.indexOf(words[i]) >= 0) {
          score += 1;
        } else {
          return;
        }
      }
      hits.push({ entry: entry, score: score });
    });
    hits.sort(function (a, b) { return b.score - a.score; });
    return hits.slice(0, 12).map(function (h) { return h.entry; });
  }

  function snippetAround(text, word) {
    var at = text.toLowerCase().indexOf(word);
    if (at < 0) {
      return escapeHtml(text.slice(0, 90));
    }
    var start = Math.max(0, at - 40);
    var piece = text.slice(start, at + 60);
    var rel = at - start;
    return (start > 0 ? "…" : "") + escapeHtml(piece.slice(0, rel)) + "<mark>" + escapeHtml(piece.slice(rel, rel + word.length))
      + "</mark>" + escapeHtml(piece.slice(rel + word.length)) + "…";
  }

  function setUpSearch() {
    var input = document.getElementById("search-input");
    var results = document.getElementById("search-results");
    if (!input || !results) {
      return;
    }
    var base = document.body.getAttribute("data-base") || "";
    input.addEventListener("input", function () {
      var query = input.value.trim();
      results.innerHTML = "";
      if (query === "") {
        return;
      }
      var hits = search(query);
      if (hits.length === 0) {
        var none = document.createElement("li");
        none.className = "no-hits";
        none.textContent = "No matches for \u201c" + query + "\u201d";
        results.appendChild(none);
        return;
      }
      var first = query.toLowerCase().split(/\s+/)[0];
      hits.forEach(function (entry) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = base + entry.url;
        a.innerHTML = escapeHtml(entry.section || entry.title)
          + "<span class=\"where\">" + escapeHtml(entry.section ? entry.title : "") + "</span>"
          + "<span class=\"where\">" + snippetAround(entry.text, first) + "</span>";
        li.appendChild(a);
        results.appendChild(li);
      });
    });
  }

  function setUpMenu() {
    var toggle = document.querySelector(".menu-toggle");
    var sidebar = document.getElementById("sidebar");
    if (!toggle || !sidebar) {
      return;
    }
    toggle.addEventListener("click", function () {
      var open = sidebar.classList.toggle("open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }

  // A figure shrunk below 80 % of its drawn size gets that size back and scrolls in its box instead.
  function legibleFigures() {
    document.querySelectorAll(".figure img").forEach(function (img) {
      function fit() {
        var readable = Math.round(img.naturalWidth * 0.8);
        img.style.minWidth = img.parentElement.clientWidth < readable ? readable + "px" : "";
        markOverflow(img.parentElement);
      }
      if (img.complete) {
        fit();
      } else {
        img.addEventListener("load", fit);
      }
    });
  }

  function markOverflow(box) {
    box.classList.toggle("overflows", box.scrollWidth > box.clientWidth + 1);
  }

  // Boxes that scroll sideways say so (.overflows); checked again when the window changes size.
  function markOverflowing() {
    document.querySelectorAll(".math-display, pre, table, .figure, .explorer .grid-wrap").forEach(markOverflow);
  }

  window.convkitSearch = search;
  document.addEventListener("DOMContentLoaded", function () {
    renderMath();
    copyButtons();
    setUpSearch();
    setUpMenu();
    legibleFigures();
    markOverflowing();
    if (document.fonts && document.fonts.ready) {
      document.fonts.ready.then(markOverflowing); // KaTeX's fonts widen the math when they arrive
    }
    window.addEventListener("resize", function () {
      legibleFigures();
      markOverflowing();
    });
  });
})();
