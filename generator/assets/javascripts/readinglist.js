// Paper Atlas: a reading list kept in this browser (localStorage), with no server and no
// dependencies. Save a paper from its page or from a browse row; the /reading-list/ page
// reorders, marks read, removes, shares by URL (the ids are in the URL), imports a shared
// list, and exports BibTeX and Markdown. Works with Material's instant navigation.
(function () {
  "use strict";
  if (window.paperAtlasReadingList) return;
  window.paperAtlasReadingList = true;

  var KEY = "paper-atlas:reading-list";
  var SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;  // a paper id; anything else in a shared URL is dropped
  var root = new URL("..", document.currentScript.src);  // this file is <site>/javascripts/

  function load() {
    try {
      var items = JSON.parse(localStorage.getItem(KEY) || "[]");
      return Array.isArray(items) ? items.filter(function (i) { return i && SLUG.test(i.id); }) : [];
    } catch (e) {
      return [];
    }
  }

  function save(items) {
    try { localStorage.setItem(KEY, JSON.stringify(items)); } catch (e) { /* private mode: the list lives for the page */ }
    document.dispatchEvent(new CustomEvent("pa-reading-list"));
  }

  function has(id) { return load().some(function (i) { return i.id === id; }); }

  function toggle(id, title) {
    var items = load();
    var at = items.findIndex(function (i) { return i.id === id; });
    if (at >= 0) items.splice(at, 1);
    else items.push({ id: id, title: title, read: false });
    save(items);
    return at < 0;
  }

  var el = window.PaperAtlas.el;  // javascripts/atlas.js, loaded before this file on every page

  // "Save" buttons: on a paper page (.pa-save) and on browse rows (browse.js makes them).
  // Any element with data-save-id toggles that paper; one listener serves them all.
  function refreshButtons() {
    var saved = Object.create(null);  // keyed by ids: `constructor` must not read as saved
    load().forEach(function (i) { saved[i.id] = true; });
    document.querySelectorAll("button[data-save-id]").forEach(function (button) {
      var on = !!saved[button.dataset.saveId];
      button.setAttribute("aria-pressed", on ? "true" : "false");
      button.textContent = on ? (button.dataset.savedText || "saved") : (button.dataset.saveText || "save");
    });
  }
  window.paperAtlasRefreshSaveButtons = refreshButtons;
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-save-id]");
    if (!button) return;
    toggle(button.dataset.saveId, button.dataset.saveTitle || button.dataset.saveId);
  });
  document.addEventListener("pa-reading-list", refreshButtons);

  // A paper page is <site>/papers/<id>/: its id is in its address, its title in its heading.
  function paperPage() {
    document.querySelectorAll(".pa-save").forEach(function (box) {
      if (box.dataset.ready) return;
      var path = location.pathname.slice(root.pathname.length).split("/").filter(Boolean);
      var id = path.length === 2 && path[0] === "papers" ? decodeURIComponent(path[1]) : "";
      if (!SLUG.test(id)) return;
      box.dataset.ready = "yes";
      var heading = document.querySelector("article h1");
      var title = heading ? heading.textContent.replace(/\u00b6/g, "").trim() : id;
      box.appendChild(el("button", { type: "button", class: "md-button pa-save__button", "data-save-id": id,
                                     "data-save-title": title,
                                     "data-save-text": "Save to reading list", "data-saved-text": "Saved to reading list" }));
    });
    refreshButtons();
  }

  function download(name, type, text) {
    var link = el("a", { href: URL.createObjectURL(new Blob([text], { type: type })), download: name });
    document.body.appendChild(link);
    link.click();
    link.remove();
  }

  function listPage() {
    var box = document.getElementById("pa-reading-list");
    if (!box || box.dataset.ready) return;
    box.dataset.ready = "yes";
    var papersBase = new URL("papers/", root);
    var shared = (new URLSearchParams(location.search).get("ids") || "").split(",").filter(function (id) {
      return SLUG.test(id);
    });
    var titles = Object.create(null);
    fetch(new URL("data/browse.json", root)).then(function (r) { return r.ok ? r.json() : { papers: [] }; })
      .catch(function () { return { papers: [] }; })
      .then(function (json) {
        json.papers.forEach(function (row) { titles[row[0]] = row[1]; });
        render();
      });

    var offer = el("div", { class: "pa-reading__offer" });
    var status = el("p", { class: "pa-reading__status", role: "status", "aria-live": "polite" });
    var list = el("ol", { class: "pa-reading__list", "aria-label": "Reading list" });
    var tools = el("div", { class: "pa-reading__tools" });
    var share = el("button", { type: "button", class: "md-button" }, "Copy a link to this list");
    var bib = el("button", { type: "button", class: "md-button" }, "Export BibTeX");
    var md = el("button", { type: "button", class: "md-button" }, "Export Markdown");
    var shareField = el("input", { type: "text", readonly: "", class: "pa-reading__link", "aria-label": "Link to this list" });
    shareField.hidden = true;
    tools.append(share, bib, md, shareField);
    box.replaceChildren(offer, status, list, tools);

    function known(id) { return Object.prototype.hasOwnProperty.call(titles, id); }

    function render() {
      var items = load();
      var fresh = shared.filter(function (id) { return known(id) && !items.some(function (i) { return i.id === id; }); });
      offer.replaceChildren();
      if (fresh.length) {
        var importButton = el("button", { type: "button", class: "md-button md-button--primary" },
                              "Import " + fresh.length + (fresh.length === 1 ? " paper" : " papers") + " from the shared list");
        importButton.addEventListener("click", function () {
          save(load().concat(fresh.map(function (id) { return { id: id, title: titles[id], read: false }; })));
          shared = [];
          history.replaceState(history.state, "", location.pathname);
          render();
          list.focus();
        });
        offer.append(el("p", {}, "Someone shared a reading list with you."), importButton);
      }
      list.replaceChildren();
      items.forEach(function (item, n) {
        var title = titles[item.id] || item.title || item.id;
        var row = el("li", { class: "pa-reading__item" + (item.read ? " pa-reading__item--read" : "") });
        var read = el("input", { type: "checkbox", id: "pa-read-" + item.id });
        read.checked = !!item.read;
        var readLabel = el("label", { for: "pa-read-" + item.id, class: "pa-reading__read" }, "read");
        var link = el("a", { href: new URL(item.id + "/", papersBase).href }, title);
        var up = el("button", { type: "button", "aria-label": "Move up: " + title }, "\u2191");
        var down = el("button", { type: "button", "aria-label": "Move down: " + title }, "\u2193");
        var remove = el("button", { type: "button", "aria-label": "Remove: " + title }, "remove");
        up.disabled = n === 0;
        down.disabled = n === items.length - 1;
        read.addEventListener("change", function () {
          var all = load(); all[n].read = read.checked; save(all); render();
          document.getElementById("pa-read-" + item.id).focus();
        });
        function move(step, button) {
          var all = load(); var it = all.splice(n, 1)[0]; all.splice(n + step, 0, it); save(all); render();
          var again = list.children[n + step] && list.children[n + step].querySelectorAll("button")[button];
          if (again && !again.disabled) again.focus(); else list.focus();
        }
        up.addEventListener("click", function () { move(-1, 0); });
        down.addEventListener("click", function () { move(1, 1); });
        remove.addEventListener("click", function () {
          var all = load(); all.splice(n, 1); save(all); render(); list.focus();
        });
        row.append(read, readLabel, " ", link, " ", up, down, remove);
        list.appendChild(row);
      });
      list.setAttribute("tabindex", "-1");
      var done = items.filter(function (i) { return i.read; }).length;
      status.textContent = items.length ? items.length + (items.length === 1 ? " paper" : " papers") + ", " + done + " read" :
        "Your reading list is empty. Save papers from their pages or from Browse.";
      tools.hidden = !items.length;
    }

    share.addEventListener("click", function () {
      var url = new URL(location.pathname, location.href);
      url.search = "?ids=" + load().map(function (i) { return i.id; }).join(",");
      shareField.value = url.href;
      shareField.hidden = false;
      shareField.select();
      if (navigator.clipboard) navigator.clipboard.writeText(url.href).catch(function () {});
    });
    bib.addEventListener("click", function () {
      // The entries of data/papers.bib (the citation key is the id's letters and digits), in list order.
      fetch(new URL("data/papers.bib", root)).then(function (r) { return r.text(); }).then(function (text) {
        var byKey = Object.create(null);
        text.split(/\n(?=@)/).forEach(function (entry) {
          var m = /^@\w+\{([^,]+),/.exec(entry.trim());
          if (m) byKey[m[1]] = entry.trim() + "\n";
        });
        var entries = load().map(function (i) { return byKey[i.id.replace(/[^a-z0-9]/g, "") || "paper"]; })
          .filter(Boolean);
        download("reading-list.bib", "application/x-bibtex", entries.join("\n"));
      });
    });
    md.addEventListener("click", function () {
      var lines = ["# Reading list", ""].concat(load().map(function (i) {
        var title = (titles[i.id] || i.title || i.id).replace(/[\\[\]]/g, "\\$&");
        return "- [" + (i.read ? "x" : " ") + "] [" + title + "](" + new URL(i.id + "/", papersBase).href + ")";
      }));
      download("reading-list.md", "text/markdown", lines.join("\n") + "\n");
    });
    document.addEventListener("pa-reading-list", function () { if (document.body.contains(box)) render(); });
    render();
  }

  function setUp() { paperPage(); listPage(); }
  if (typeof document$ !== "undefined") document$.subscribe(setUp);
  else document.addEventListener("DOMContentLoaded", setUp);
})();
