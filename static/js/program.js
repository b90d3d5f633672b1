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
      document.body.classList.toggle("program-local-time", showLocal);
      button.setAttribute("aria-pressed", showLocal ? "true" : "false");
      button.textContent = showLocal ? "Show venue time" : "Show my local time";
      if (label) label.textContent = showLocal ? local : venue;
    });
  }

  // --- the public program: day switcher, search, filters, list/grid, "my schedule" ---------
  // Stars live in localStorage under one key per edition; nothing is sent to the server
  // except the ids in the personal iCal link.

  function starKey(root) { return "emc2:stars:" + root.getAttribute("data-edition"); }

  function readStars(root) {
    try {
      var raw = JSON.parse(window.localStorage.getItem(starKey(root)) || "[]");
      return raw.filter(function (n) { return typeof n === "number" && n > 0; });
    } catch (e) {
      return [];
    }
  }

  function writeStars(root, stars) {
    try { window.localStorage.setItem(starKey(root), JSON.stringify(stars)); } catch (e) { /* private mode */ }
  }

  function setupProgram() {
    var root = document.querySelector("[data-program]");
    if (!root) return;
    var form = document.querySelector("[data-program-filter]");
    var search = document.querySelector("[data-program-search]");
    var status = document.querySelector("[data-program-status]");
    var viewButton = document.querySelector("[data-view-toggle]");
    var mineButton = document.querySelector("[data-mine-toggle]");
    var mineCount = document.querySelector("[data-mine-count]");
    var ics = document.querySelector("[data-mine-ics]");
    var dayLinks = Array.prototype.slice.call(document.querySelectorAll("[data-day-link]"));
    var days = Array.prototype.slice.call(root.querySelectorAll(".program-day"));
    var units = Array.prototype.slice.call(root.querySelectorAll(".program-session, .grid-entry"));
    var stars = readStars(root);
    var state = { day: "", mine: false };

    document.querySelectorAll("[data-js-only]").forEach(function (el) { el.hidden = false; });
    document.querySelectorAll("[data-no-js]").forEach(function (el) { el.hidden = true; });

    function starred(id) { return stars.indexOf(id) !== -1; }

    function paintStars() {
      root.querySelectorAll("[data-star]").forEach(function (b) {
        var on = starred(parseInt(b.getAttribute("data-star"), 10));
        b.hidden = false;
        b.setAttribute("aria-pressed", on ? "true" : "false");
        b.firstChild.textContent = on ? "★" : "☆";
        var label = b.lastChild;
        label.textContent = label.textContent.replace(/^(Add|Remove) /, on ? "Remove " : "Add ")
          .replace(/ (to|from) my schedule$/, on ? " from my schedule" : " to my schedule");
      });
      if (mineCount) mineCount.textContent = String(stars.length);
      if (ics) {
        ics.hidden = stars.length === 0;
        ics.href = ics.getAttribute("data-base") + "?items=" + stars.slice().sort(function (a, b) { return a - b; }).join(",");
      }
    }

    function matches(el, text, kind, track) {
      if (kind && el.getAttribute("data-type") !== kind && el.getAttribute("data-kind") !== kind) return false;
      if (track && el.getAttribute("data-track") !== track) return false;
      var ids = (el.getAttribute("data-items") || "").trim().split(/\s+/).filter(Boolean).map(Number);
      if (state.mine && !ids.some(starred)) return false;
      return !text || el.textContent.toLowerCase().indexOf(text) !== -1;
    }

    function apply() {
      var text = search ? search.value.trim().toLowerCase() : "";
      var kindSelect = document.querySelector("[data-filter=type]");
      var trackSelect = document.querySelector("[data-filter=track]");
      var kind = kindSelect ? kindSelect.value : "";
      var track = trackSelect ? trackSelect.value : "";
      var shown = 0;
      units.forEach(function (el) {
        var ok = matches(el, text, kind, track);
        el.classList.toggle("filtered-out", !ok);
        if (ok && el.classList.contains("program-session")) shown += 1;
        // Inside a shown session, items that do not match the search or the stars step back.
        el.querySelectorAll("[data-item]").forEach(function (li) {
          var id = parseInt(li.getAttribute("data-item"), 10);
          var hit = (!text || li.textContent.toLowerCase().indexOf(text) !== -1 ||
                     el.querySelector("h3, .grid-title").textContent.toLowerCase().indexOf(text) !== -1) &&
                    (!state.mine || starred(id));
          li.classList.toggle("filtered-out", ok && !hit);
        });
      });
      days.forEach(function (d) {
        d.hidden = state.day !== "" && d.getAttribute("data-day") !== state.day;
      });
      dayLinks.forEach(function (a) {
        if (a.getAttribute("data-day-link") === state.day) a.setAttribute("aria-current", "true");
        else a.removeAttribute("aria-current");
      });
      if (status) {
        status.textContent = (text || kind || track || state.mine)
          ? shown + (shown === 1 ? " session matches." : " sessions match.") : "";
      }
    }

    root.addEventListener("click", function (evt) {
      var b = evt.target.closest("[data-star]");
      if (!b) return;
      var id = parseInt(b.getAttribute("data-star"), 10);
      stars = starred(id) ? stars.filter(function (n) { return n !== id; }) : stars.concat([id]);
      writeStars(root, stars);
      paintStars();
      apply();
    });
    dayLinks.forEach(function (a) {
      a.addEventListener("click", function (evt) {
        evt.preventDefault();
        state.day = a.getAttribute("data-day-link");
        apply();
      });
    });
    if (form) {
      form.addEventListener("submit", function (evt) { evt.preventDefault(); apply(); });
      form.addEventListener("change", apply);
    }
    if (search) search.addEventListener("input", apply);
    if (mineButton) {
      mineButton.addEventListener("click", function () {
        state.mine = !state.mine;
        mineButton.setAttribute("aria-pressed", state.mine ? "true" : "false");
        apply();
      });
    }
    if (viewButton) {
      var listKey = "emc2:program-view";
      var setView = function (list) {
        document.body.classList.toggle("program-view-list", list);
        viewButton.setAttribute("aria-pressed", list ? "true" : "false");
        try { window.localStorage.setItem(listKey, list ? "list" : "grid"); } catch (e) { /* private mode */ }
      };
      if (!root.querySelector(".has-grid")) viewButton.hidden = true;
      var saved = null;
      try { saved = window.localStorage.getItem(listKey); } catch (e) { /* private mode */ }
      setView(saved === "list");
      viewButton.addEventListener("click", function () {
        setView(viewButton.getAttribute("aria-pressed") !== "true");
      });
    }
    paintStars();
    apply();
  }

  // Type and track colours come as data-colour="#rrggbb" (the server checked them; checked
  // again here): a CSS custom property, since the CSP allows no style attributes in markup.
  var COLOUR = /^#[0-9a-f]{6}$/i;

  function paintColours(scope) {
    (scope || document).querySelectorAll("[data-colour]").forEach(function (el) {
      var colour = el.getAttribute("data-colour");
      if (COLOUR.test(colour)) el.style.setProperty("--swatch", colour);
    });
  }

  // Chair pages: the colour picker and its text field stay in step.
  function setupColourInputs() {
    document.querySelectorAll("[data-colour-text]").forEach(function (text) {
      var picker = document.getElementById(text.getAttribute("data-colour-text"));
      if (!picker) return;
      picker.hidden = false;
      picker.addEventListener("input", function () { text.value = picker.value; });
      text.addEventListener("input", function () {
        if (COLOUR.test(text.value.trim())) picker.value = text.value.trim().toLowerCase();
      });
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
    paintColours();
    setupColourInputs();
    setupTimeSwitch();
    setupProgram();
    setupEditor();
  });
  document.addEventListener("htmx:afterSettle", function () { paintColours(); setupEditor(); });
})();
