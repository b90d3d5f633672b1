/* Program pages: local-time switch (public) and drag-and-drop editor (chairs).
   Both are enhancements: the public page shows venue time and the editor has move forms
   without JavaScript. */
(function () {
  "use strict";

  // The formats of the venue-time text the server printed (Django "H:i", "l, F j, Y, H:i",
  // "M j, H:i"), now in the viewer's zone.
  var FORMATS = {
    time: { hour: "2-digit", minute: "2-digit", hourCycle: "h23" },
    long: { weekday: "long", year: "numeric", month: "long", day: "numeric",
            hour: "2-digit", minute: "2-digit", hourCycle: "h23" },
    short: { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }
  };
  var DAY = { weekday: "long", year: "numeric", month: "long", day: "numeric" };

  function formatLocal(iso, fmt) {
    return new Date(iso).toLocaleString("en-US", FORMATS[fmt] || FORMATS.time);
  }

  function dayKey(iso) {
    var d = new Date(iso);
    return d.getFullYear() + "-" + d.getMonth() + "-" + d.getDate();
  }

  // In local mode the program's day headings follow the viewer's zone: a session at 08:00 on
  // Friday in Vancouver sits under Saturday for a viewer in Tokyo.
  function showLocalDays(showLocal) {
    document.querySelectorAll("[data-local-day]").forEach(function (h) { h.remove(); });
    document.querySelectorAll(".program-day > h2").forEach(function (h) { h.hidden = showLocal; });
    if (!showLocal) return;
    var last = null;
    document.querySelectorAll(".program-session").forEach(function (s) {
      var t = s.querySelector("time[data-ts]");
      if (!t) return;
      var iso = t.getAttribute("data-ts");
      if (dayKey(iso) === last) return;
      last = dayKey(iso);
      var h = document.createElement("h2");
      h.setAttribute("data-local-day", "");
      h.textContent = new Date(iso).toLocaleDateString("en-US", DAY);
      s.parentNode.insertBefore(h, s);
    });
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
        t.textContent = showLocal
          ? formatLocal(t.getAttribute("data-ts"), t.getAttribute("data-fmt"))
          : t.getAttribute("data-venue-text");
      });
      showLocalDays(showLocal);
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
