/* kzgraph workbench: suggestions as you type (the header's search box and the entity fields of query forms),
   and the SPARQL editor (CodeMirror 5, vendored). Loaded from the server itself; no inline script anywhere. */
(function () {
  "use strict";

  function suggester(input, list, endpoint, choose) {
    var seq = 0, hits = [], active = -1, timer = null;

    function close() {
      list.hidden = true;
      list.textContent = "";
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function mark(i) {
      var items = list.querySelectorAll("li");
      for (var k = 0; k < items.length; k++) items[k].setAttribute("aria-selected", k === i ? "true" : "false");
      active = i;
      if (i >= 0 && items[i]) input.setAttribute("aria-activedescendant", items[i].id);
      else input.removeAttribute("aria-activedescendant");
    }

    function show(found) {
      hits = found;
      list.textContent = "";
      if (!found.length) { close(); return; }
      found.forEach(function (h, i) {
        var li = document.createElement("li");
        li.id = list.id + "-" + i;
        li.setAttribute("role", "option");
        li.dataset.iri = h.iri;
        var name = document.createElement("span");
        name.className = "kz-s-label";
        name.textContent = h.label;
        li.appendChild(name);
        var more = document.createElement("span");
        more.className = "kz-s-more";
        more.textContent = (h.matched && h.matched !== h.label ? "“" + h.matched + "” · " : "") + h.kind;
        li.appendChild(more);
        li.addEventListener("mousedown", function (ev) { ev.preventDefault(); choose(h); close(); });
        list.appendChild(li);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      mark(-1);
    }

    function ask() {
      var text = input.value.trim();
      if (!text) { hits = []; close(); return; }
      var mine = ++seq;
      var params = new URLSearchParams({ q: text, format: "json", lang: document.documentElement.lang || "en" });
      fetch(endpoint + "?" + params.toString(), { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { hits: [] }; })
        .then(function (data) { if (mine === seq) show(data.hits || []); })
        .catch(function () { if (mine === seq) close(); });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, 120);
    });
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "ArrowDown" && hits.length) {
        ev.preventDefault();
        if (list.hidden) show(hits);
        mark(Math.min(active + 1, hits.length - 1));
      } else if (ev.key === "ArrowUp" && hits.length) {
        ev.preventDefault();
        mark(Math.max(active - 1, 0));
      } else if (ev.key === "Escape") {
        close();
      } else if (ev.key === "Enter" && !list.hidden && hits.length) {
        ev.preventDefault();
        choose(hits[active >= 0 ? active : 0]);
        close();
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  function setUpSearch() {
    var form = document.querySelector("form.kz-search");
    if (!form) return;
    var endpoint = form.getAttribute("data-suggest");
    var root = endpoint.slice(0, endpoint.length - "search".length);
    suggester(form.querySelector("#kz-q"), form.querySelector("#kz-suggest"), endpoint, function (hit) {
      if (hit.path) window.location.href = root + hit.path;
    });
  }

  function setUpEntityFields() {
    var inputs = document.querySelectorAll("input[data-suggest]");
    Array.prototype.forEach.call(inputs, function (input) {
      var list = document.getElementById(input.getAttribute("aria-controls"));
      if (!list) return;
      suggester(input, list, input.getAttribute("data-suggest"), function (hit) { input.value = hit.curie; });
    });
  }

  function setUpEditor() {
    var area = document.getElementById("kz-editor");
    if (!area || typeof window.CodeMirror === "undefined") return;
    var form = area.form;
    var editor = window.CodeMirror.fromTextArea(area, {
      mode: "application/sparql-query",
      lineNumbers: true,
      lineWrapping: true,
      matchBrackets: true,
      indentUnit: 2,
      viewportMargin: Infinity,
      extraKeys: {
        "Ctrl-Enter": function () { editor.save(); form.submit(); },
        "Cmd-Enter": function () { editor.save(); form.submit(); },
        Tab: false,
        "Shift-Tab": false
      }
    });
    editor.getWrapperElement().setAttribute("aria-label", "SPARQL query editor");
    window.kzEditor = editor;
    var examples = document.getElementById("kz-examples");
    if (examples) {
      examples.addEventListener("change", function () {
        var option = examples.options[examples.selectedIndex];
        var text = option && option.getAttribute("data-query");
        if (text) { editor.setValue(text); editor.focus(); }
      });
    }
  }

  function start() {
    setUpSearch();
    setUpEntityFields();
    setUpEditor();
    document.documentElement.setAttribute("data-kz-ready", "true");
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
