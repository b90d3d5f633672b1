// Bidding page: j/k move between papers, 0-4 set the bid of the focused paper (htmx posts it).
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (target.closest && target.closest("input, textarea, select")) return;
    var papers = Array.prototype.slice.call(document.querySelectorAll(".bid-paper"));
    if (!papers.length) return;
    var current = target.closest ? target.closest(".bid-paper") : null;
    var index = papers.indexOf(current);
    if (event.key === "j" || event.key === "k") {
      var next = event.key === "j" ? index + 1 : index - 1;
      if (next < 0) next = 0;
      if (next >= papers.length) next = papers.length - 1;
      papers[next].focus();
      papers[next].scrollIntoView({ block: "nearest" });
      event.preventDefault();
      return;
    }
    if (current && /^[0-4]$/.test(event.key)) {
      var button = current.querySelector('.bid-button[data-key="' + event.key + '"]');
      if (button) {
        button.click();
        event.preventDefault();
      }
    }
  });
})();
