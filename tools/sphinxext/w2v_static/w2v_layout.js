// The checker's marks must be visible at any width (issue 20). A checked derivation is typeset
// as an `aligned` block whose last column holds each line's mark and step number,
//     LHS &= line_1 && \class{w2v-proved}{...}\ {\scriptstyle (1)} \\ &= line_2 && ...
// and a long line would push that column past the right edge of the (scrolling) equation box.
// Once MathJax has typeset the page, this script moves the last cell of every row of such a
// table to the front, so each line starts with its mark and step number: they are always in
// view, and only the mathematics to their right can scroll. The cell gets the class
// `w2v-annotation` (styled in w2v.css: muted step numbers, its own spacing).
//
// It also tags every scrolling box (equations, tables) with `w2v-scrolls` while its content is
// wider than the box, which draws the scroll cue of w2v.css.
(function () {
  "use strict";
  var MARKS = ".w2v-proved, .w2v-numeric, .w2v-refuted, .w2v-follows";

  function ownRows(table) {
    return Array.prototype.filter.call(table.querySelectorAll("mjx-mtr, mjx-mlabeledtr"), function (row) {
      return row.closest("mjx-mtable") === table;
    });
  }

  function cellsOf(row) {
    return Array.prototype.filter.call(row.children, function (child) {
      return child.tagName === "MJX-MTD";
    });
  }

  function moveAnnotations(root) {
    var tables = new Set();
    root.querySelectorAll("div.math " + MARKS.split(", ").join(", div.math ")).forEach(function (mark) {
      var table = mark.closest("mjx-mtable");
      if (table && !table.classList.contains("w2v-derivation")) {
        tables.add(table);
      }
    });
    tables.forEach(function (table) {
      var rows = ownRows(table);
      var widths = rows.map(function (row) { return cellsOf(row).length; });
      // Only a table whose rows all have the same columns, at least three: LHS, line, mark.
      if (!rows.length || widths.some(function (n) { return n !== widths[0] || n < 3; })) {
        return;
      }
      rows.forEach(function (row) {
        var cells = cellsOf(row);
        var annotation = cells[cells.length - 1];
        annotation.classList.add("w2v-annotation");
        row.insertBefore(annotation, cells[0]);
      });
      table.classList.add("w2v-derivation");
    });
  }

  function markScrolling() {
    document.querySelectorAll("div.math mjx-container[display='true'], .pst-scrollable-table-container, .w2v-table-scroll")
      .forEach(function (box) {
        box.classList.toggle("w2v-scrolls", box.scrollWidth > box.clientWidth + 1);
      });
  }

  function wrapTables() {
    // Tables the theme did not wrap get a scrolling wrapper of their own.
    document.querySelectorAll("article table").forEach(function (table) {
      var parent = table.parentElement;
      if (!parent || parent.classList.contains("pst-scrollable-table-container") ||
          parent.classList.contains("w2v-table-scroll")) {
        return;
      }
      var wrapper = document.createElement("div");
      wrapper.className = "w2v-table-scroll";
      parent.insertBefore(wrapper, table);
      wrapper.appendChild(table);
    });
  }

  // Search results: Sphinx cuts each snippet from the page's source text, where math is still TeX
  // (\(\mathbf{U}\hat{\mathbf{y}}\)). Show it as plain symbols instead.
  var SYMBOLS = {top: "ᵀ", sigma: "σ", eta: "η", theta: "θ", alpha: "α", delta: "δ", partial: "∂",
                 sum: "Σ", log: "log", exp: "exp", cdot: "·", times: "×", ne: "≠", le: "≤", ge: "≥",
                 infty: "∞", in: "∈", mid: "|", quad: " ", qquad: " ", lvert: "|", rvert: "|"};
  function plainMath(tex) {
    var text = tex;
    for (var i = 0; i < 4; i++) {  // innermost first
      text = text.replace(/\\frac\{([^{}]*)\}\{([^{}]*)\}/g, "($1)/($2)")
        .replace(/\\hat\{([^{}]*)\}/g, "$1\u0302")
        .replace(/\\(?:mathbf|mathrm|text|operatorname|boldsymbol|mathit)\{([^{}]*)\}/g, "$1");
    }
    return text.replace(/\\([A-Za-z]+)/g, function (_, name) { return name in SYMBOLS ? SYMBOLS[name] : name; })
      .replace(/\\[,;:! ]/g, " ").replace(/[{}]/g, "").replace(/\s+/g, " ").trim();
  }
  function plainSearchSnippets() {
    var results = document.getElementById("search-results");
    if (!results) {
      return;
    }
    var simplify = function () {
      results.querySelectorAll("p.context").forEach(function (snippet) {
        if (/\\[(\[]/.test(snippet.textContent)) {
          snippet.textContent = snippet.textContent.replace(/\\[(\[]([\s\S]*?)(?:\\[)\]]|$)/g, function (_, tex) {
            return plainMath(tex);
          });
        }
      });
    };
    new MutationObserver(simplify).observe(results, {childList: true, subtree: true});
    simplify();
  }

  function start() {
    plainSearchSnippets();
    wrapTables();
    whenTypeset(function () {
      moveAnnotations(document);
      markScrolling();
      document.documentElement.dataset.w2vLayout = "done";
    }, 0);
    window.addEventListener("resize", markScrolling);
  }

  // MathJax loads asynchronously; its startup promise resolves after the first typesetting.
  // A page without math loads no MathJax: give up waiting after 30 s (the layout is then done).
  function whenTypeset(callback, waited) {
    var mathjax = window.MathJax;
    if (mathjax && mathjax.startup && mathjax.startup.promise) {
      mathjax.startup.promise.then(callback);
    } else if (!document.querySelector("div.math, span.math") || waited > 30000) {
      callback();
    } else {
      setTimeout(function () { whenTypeset(callback, waited + 50); }, 50);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
