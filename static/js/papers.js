// papers: author rows of the submission form. Without JavaScript the form still works
// (the Order fields sort the authors, empty rows appear after saving).
(function () {
  "use strict";

  function renumber(list) {
    list.querySelectorAll(".papers-author").forEach(function (row, i) {
      var order = row.querySelector('input[name$="-ORDER"]');
      if (order) { order.value = i + 1; }
      var legend = row.querySelector("legend");
      if (legend) { legend.textContent = "Author " + (i + 1); }
    });
  }

  function setup(fieldset) {
    var list = fieldset.querySelector(".papers-author-list");
    var template = fieldset.querySelector("template.papers-author-template");
    var total = fieldset.querySelector('input[name$="-TOTAL_FORMS"]');
    var add = fieldset.querySelector("button.papers-add-author");
    if (!list || !template || !total || !add) { return; }
    add.hidden = false;
    add.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      list.insertAdjacentHTML("beforeend", html);
      total.value = index + 1;
      renumber(list);
      var first = list.lastElementChild.querySelector("input");
      if (first) { first.focus(); }
    });
    if (window.Sortable) {
      window.Sortable.create(list, { handle: "legend", animation: 150, onEnd: function () { renumber(list); } });
    }
    // Only one contact author: ticking one unticks the others.
    list.addEventListener("change", function (event) {
      var box = event.target;
      if (box.name && /-is_contact$/.test(box.name) && box.checked) {
        list.querySelectorAll('input[name$="-is_contact"]').forEach(function (other) {
          if (other !== box) { other.checked = false; }
        });
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".papers-authors").forEach(setup);
  });
})();
