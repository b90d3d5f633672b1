// Bidding page: j/k move between papers, 0-4 set the bid of the current paper (htmx posts it).
// The current paper survives htmx swaps (which drop the focus) through `current`.
(function () {
  "use strict";
  var current = -1;
  function papers() {
    return Array.prototype.slice.call(document.querySelectorAll(".bid-paper"));
  }
  document.addEventListener("focusin", function (event) {
    var paper = event.target.closest && event.target.closest(".bid-paper");
    if (paper) current = papers().indexOf(paper);
  });
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (target.closest && target.closest("input, textarea, select")) return;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var list = papers();
    if (!list.length) return;
    if (event.key === "j" || event.key === "k") {
      var next = Math.min(list.length - 1, Math.max(0, current + (event.key === "j" ? 1 : -1)));
      list[next].focus();
      list[next].scrollIntoView({ block: "nearest" });
      event.preventDefault();
      return;
    }
    if (current >= 0 && current < list.length && /^[0-4]$/.test(event.key)) {
      var button = list[current].querySelector('.bid-button[data-key="' + event.key + '"]');
      if (button) {
        button.click();
        event.preventDefault();
      }
    }
  });
})();
