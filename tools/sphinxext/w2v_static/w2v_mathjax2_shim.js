// ipywidgets 8 typesets widget labels with MathJax 2's API:
//     MathJax.Hub.Queue(["Typeset", MathJax.Hub, element])
// The book loads MathJax 3, which has no Hub. Give it a tiny one that forwards to
// MathJax 3's typesetPromise. Widget labels write math as $...$, which the book's MathJax
// does not treat as a delimiter (prose math is rendered as \(...\) by Sphinx), so the
// label's $...$ and $$...$$ are rewritten to \(...\) and \[...\] first, in that element only.
// Loaded with `defer` after MathJax, so MathJax 3 is defined here (pages without math load
// no MathJax at all, and widgets then skip typesetting).
(function () {
  var mathjax = window.MathJax;
  if (!mathjax || mathjax.Hub || !mathjax.startup) {
    return;
  }

  function useMathJax3Delimiters(element) {
    var walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    var textNodes = [];
    while (walker.nextNode()) {
      textNodes.push(walker.currentNode);
    }
    textNodes.forEach(function (node) {
      node.nodeValue = node.nodeValue
        .replace(/\$\$([^$]+)\$\$/g, "\\[$1\\]")
        .replace(/\$([^$]+)\$/g, "\\($1\\)");
    });
  }

  mathjax.Hub = {
    Queue: function () {
      Array.prototype.forEach.call(arguments, function (command) {
        if (Array.isArray(command) && command[0] === "Typeset" && command[2]) {
          var element = command[2];
          useMathJax3Delimiters(element);
          mathjax.startup.promise.then(function () {
            return mathjax.typesetPromise([element]);
          });
        }
      });
    },
  };
})();
