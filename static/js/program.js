/* Program pages: local-time switch (public) and drag-and-drop editor (chairs).
   Both are enhancements: the public page shows venue time and the editor has move forms
   without JavaScript. */
(function () {
  "use strict";

  function formatLocal(iso) {
    var d = new Date(iso);
    return d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", hour12: false });
  }

  function setupTimeSwitch() {
    var button = document.querySelector("[data-tz-toggle]");
    if (!button) return;
    var label = document.querySelector("[data-tz-label]");
    var venue = button.getAttribute("data-venue-tz");
    var local = Intl.DateTimeFormat().resolvedOptions().timeZone || "local time";
    var times = Array.prototype.slice.call(document.querySelectorAll("time[data-ts]"));
    times.forEach(function (t) { t.setAttribute("data-venue-text", t.textContent); });
    button.hidden = false;
    button.addEventListener("click", function () {
      var showLocal = button.getAttribute("aria-pressed") !== "true";
      times.forEach(function (t) {
        t.textContent = showLocal ? formatLocal(t.getAttribute("data-ts")) : t.getAttribute("data-venue-text");
      });
      button.setAttribute("aria-pressed", showLocal ? "true" : "false");
      button.textContent = showLocal ? "Show venue time" : "Show my local time";
      if (label) label.textContent = showLocal ? local : venue;
    });
  }

  function post(url, values, csrf) {
    if (!window.htmx) return;
    window.htmx.ajax("POST", url, {
      target: "#editor",
      swap: "outerHTML",
      values: values,
      headers: { "X-CSRFToken": csrf }
    });
  }

  function setupEditor() {
    var editor = document.getElementById("editor");
    if (!editor || !window.Sortable) return;
    var csrf = editor.getAttribute("data-csrf");
    editor.querySelectorAll("td.slot").forEach(function (cell) {
      window.Sortable.create(cell, {
        group: "sessions",
        draggable: ".grid-session",
        filter: "a, .item-list",
        preventOnFilter: false,
        forceFallback: true,
        onAdd: function (evt) {
          post(evt.item.getAttribute("data-move-url"), {
            room: cell.getAttribute("data-room"),
            start: cell.getAttribute("data-start")
          }, csrf);
        }
      });
    });
    editor.querySelectorAll("ol.item-list").forEach(function (list) {
      window.Sortable.create(list, {
        group: "items",
        draggable: ".grid-item",
        forceFallback: true,
        onEnd: function (evt) {
          if (evt.from === evt.to && evt.oldIndex === evt.newIndex) return;
          post(evt.item.getAttribute("data-move-url"), {
            session: evt.to.getAttribute("data-session"),
            position: evt.newIndex
          }, csrf);
        }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupTimeSwitch();
    setupEditor();
  });
  document.addEventListener("htmx:afterSettle", setupEditor);
})();
