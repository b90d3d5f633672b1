/* "Find person" on the chair's item and session pages, as an ARIA combobox (APG 1.2 list
   autocomplete): type a name, e-mail or ORCID iD, move with ArrowDown / ArrowUp, Enter picks,
   Escape closes (a second Escape clears). The pick puts the person's "#id Name" line into the
   field named by data-target: a new line ("append", the speakers) or the whole value
   ("replace", a session's chair). Without JavaScript the same form searches on the server. */
(function () {
  "use strict";

  function setup(finder) {
    var input = finder.querySelector("input[name=find]");
    var target = document.getElementById(finder.getAttribute("data-target"));
    if (!input || !target) return;
    var url = finder.getAttribute("data-url");
    var mode = finder.getAttribute("data-mode") || "append";
    var form = input.form;

    var list = document.createElement("ul");
    list.id = "find-listbox";
    list.className = "finder-listbox";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "People found");
    list.hidden = true;
    input.insertAdjacentElement("afterend", list);

    var status = document.createElement("p");
    status.className = "finder-status";
    status.setAttribute("role", "status");
    list.insertAdjacentElement("afterend", status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);

    var results = [];
    var active = -1;
    var timer = null;
    var seq = 0;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var options = list.querySelectorAll("[role=option]");
      options.forEach(function (o, i) {
        o.setAttribute("aria-selected", i === index ? "true" : "false");
        o.classList.toggle("active", i === index);
      });
      active = index;
      if (index >= 0 && options[index]) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function render() {
      list.textContent = "";
      results.forEach(function (p, i) {
        var li = document.createElement("li");
        li.id = "find-option-" + p.id;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.textContent = p.line + (p.affiliation ? " (" + p.affiliation + ")" : "");
        li.addEventListener("mousedown", function (e) { e.preventDefault(); });
        li.addEventListener("click", function () { pick(i); });
        list.appendChild(li);
      });
      if (results.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        status.textContent = results.length + " found; use the arrow keys and Enter to pick.";
      } else {
        close();
        status.textContent = input.value.trim().length >= 2 ? "Nobody you can pick matches." : "";
      }
      highlight(-1);
    }

    function search() {
      var q = input.value.trim();
      var mine = ++seq;
      if (q.length < 2) { results = []; render(); return; }
      fetch(url + "?q=" + encodeURIComponent(q), {
        credentials: "same-origin",
        headers: { Accept: "application/json" }
      })
        .then(function (r) { return r.ok ? r.json() : { results: [] }; })
        .then(function (data) {
          if (mine !== seq) return; // an older answer arriving late
          results = data.results || [];
          render();
        })
        .catch(function () { status.textContent = "The search failed; try the Find button."; });
    }

    function pick(index) {
      var p = results[index];
      if (!p) return;
      if (mode === "replace") {
        target.value = p.line;
      } else {
        var text = target.value.replace(/\s+$/, "");
        target.value = (text ? text + "\n" : "") + p.line;
      }
      target.dispatchEvent(new Event("input", { bubbles: true }));
      status.textContent = "Added " + p.line + (mode === "replace" ? " as the chair." : " to the speakers.");
      input.value = "";
      results = [];
      list.textContent = "";
      close();
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(search, 200);
    });

    input.addEventListener("keydown", function (e) {
      var open = !list.hidden && results.length > 0;
      if (e.key === "ArrowDown") {
        e.preventDefault();
        if (!open) { if (results.length) { render(); highlight(0); } else { search(); } return; }
        highlight(active + 1 >= results.length ? 0 : active + 1);
      } else if (e.key === "ArrowUp") {
        e.preventDefault();
        if (!open) return;
        highlight(active - 1 < 0 ? results.length - 1 : active - 1);
      } else if (e.key === "Enter") {
        if (open && active >= 0) {
          e.preventDefault(); // pick, do not submit the no-JS search
          pick(active);
        }
      } else if (e.key === "Escape") {
        if (open) { e.preventDefault(); close(); } else if (input.value) { input.value = ""; }
      }
    });

    input.addEventListener("blur", function () { setTimeout(close, 150); });
    if (form) form.setAttribute("data-enhanced", "");
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".person-finder[data-url]").forEach(setup);
  });
})();
