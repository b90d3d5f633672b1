// papers: "select all" on the chair's decision table. Without JavaScript every row's
// checkbox still works; the select-all box stays hidden.
(function () {
  "use strict";

  function setup() {
    var all = document.getElementById("select-all");
    if (!all) { return; }
    var boxes = document.querySelectorAll("input.decision-select");
    all.hidden = false;
    all.addEventListener("change", function () {
      boxes.forEach(function (box) { box.checked = all.checked; });
    });
    boxes.forEach(function (box) {
      box.addEventListener("change", function () {
        var checked = Array.prototype.filter.call(boxes, function (b) { return b.checked; });
        all.checked = checked.length === boxes.length;
        all.indeterminate = checked.length > 0 && checked.length < boxes.length;
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
