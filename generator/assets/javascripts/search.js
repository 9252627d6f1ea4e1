// Paper Atlas: search with Pagefind (https://pagefind.app) in Material's search dialog.
// Plain JavaScript, no dependencies. The index is split into small files: a search
// downloads Pagefind's code and only the index parts its words need. Pagefind's code is
// fetched on the first use of the search box, never with the page.
(function () {
  "use strict";
  if (window.paperAtlasSearch) return;  // instant navigation may evaluate this script again
  window.paperAtlasSearch = true;

  var el = window.PaperAtlas.el;  // javascripts/atlas.js, loaded before this file on every page
  var PAGE = 10;  // results shown at once; "Show more" adds the next ones
  var DELAY_MS = 120;  // a pause in typing this long starts the search: not one search per key pressed
  var script = document.currentScript;
  var root = new URL("..", script.src);  // this file is <site>/javascripts/search.js
  var toggle = document.getElementById("__search");
  var dialog = document.querySelector("[data-pa-search]");
  var form = document.forms.namedItem("atlas-search");
  if (!toggle || !dialog || !form) return;
  var input = form.elements.namedItem("query");
  var meta = dialog.querySelector(".md-search-result__meta");
  var list = dialog.querySelector(".md-search-result__list");
  var moreButton = dialog.querySelector(".pa-search-more");
  var filterBox = dialog.querySelector(".pa-search-filters");
  var pagefind = null;
  var latest = 0;
  var timer = 0;
  var found = [];  // every result of the current query, papers first
  var shown = 0;
  var filtersFilled = false;

  function load() {
    if (!pagefind) {
      pagefind = import(new URL("pagefind/pagefind.js", root).href).then(function (module) {
        var options = { baseUrl: root.pathname };
        // A large site's index comes in bundles (generator/searchindex.py), searched as one.
        return Promise.resolve(module.options(options))
          .then(function () { return fetch(new URL("pagefind/atlas-bundles.json", root)); })
          .then(function (response) { return response.ok ? response.json() : []; })
          .then(function (bundles) {
            return Promise.all(bundles.map(function (path) {
              return module.mergeIndex(new URL("pagefind/" + path, root).pathname, options);
            }));
          })
          .then(function () { return module; });
      });
      pagefind.catch(function () { pagefind = null; });  // try again on the next search
      pagefind.then(fillFilters, function () {});
    }
    return pagefind;
  }

  // The topic, year and code filters, with the values the index holds and their counts.
  function fillFilters(module) {
    if (filtersFilled || !filterBox) return;
    filtersFilled = true;
    Promise.resolve(module.filters()).then(function (all) {
      ["topic", "year", "code"].forEach(function (name) {
        var select = filterBox.querySelector('select[name="' + name + '"]');
        var values = Object.keys((all && all[name]) || {});
        values.sort(name === "year" ? function (a, b) { return b.localeCompare(a); } : undefined);
        values.forEach(function (value) {
          select.appendChild(el("option", { value: value }, value + " (" + all[name][value] + ")"));
        });
      });
      filterBox.hidden = false;
    });
  }

  function chosenFilters() {
    var chosen = Object.create(null);
    if (!filterBox) return chosen;
    filterBox.querySelectorAll("select").forEach(function (select) {
      if (select.value) chosen[select.name] = select.value;
    });
    return chosen;
  }

  function count(n) {
    if (n === 0) return dialog.dataset.none;
    if (n === 1) return dialog.dataset.one;
    return dialog.dataset.other.replace("#", String(n));
  }

  // Pagefind's excerpt is text with <mark> around the matches. It is parsed in an inert
  // document (nothing loads or runs there) and copied as text, keeping only the marks.
  function excerpt(html) {
    var parsed = new DOMParser().parseFromString("<!DOCTYPE html><body>" + html, "text/html");
    var out = document.createDocumentFragment();
    parsed.body.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        out.appendChild(el("mark", {}, node.textContent));
      } else {
        out.appendChild(document.createTextNode(node.textContent));
      }
    });
    return out;
  }

  function sameSite(url) {
    var target = new URL(url, root);
    return target.origin === root.origin ? target.href : null;
  }

  function facts(data) {
    var meta = data.meta || {};
    return [meta.year, meta.topics, meta.code].filter(Boolean).join(" \u00b7 ");
  }

  function item(data) {
    var href = sameSite(data.url);
    if (!href) return null;
    var article = el("article", { class: "md-search-result__article md-typeset" });
    article.appendChild(el("h1", {}, (data.meta && data.meta.title) || data.url));
    var about = facts(data);
    if (about) article.appendChild(el("p", { class: "pa-search-result__facts" }, about));
    var teaser = el("p", { class: "md-search-result__teaser" });
    teaser.appendChild(excerpt(data.excerpt || ""));
    article.appendChild(teaser);
    var link = el("a", { class: "md-search-result__link", href: href });
    link.appendChild(article);
    var entry = el("li", { class: "md-search-result__item" });
    entry.appendChild(link);
    return entry;
  }

  // The next PAGE results: their fragments are fetched only when shown.
  function showMore(ticket) {
    var next = found.slice(shown, shown + PAGE);
    return Promise.all(next.map(function (r) { return r.data(); })).then(function (data) {
      if (ticket !== latest) return;
      var first = null;
      data.forEach(function (d) {
        var entry = item(d);
        if (entry) {
          list.appendChild(entry);
          first = first || entry.querySelector("a");
        }
      });
      shown += next.length;
      var left = found.length - shown;
      moreButton.hidden = left <= 0;
      moreButton.textContent = "Show " + Math.min(PAGE, left) + " more of " + left;
      return first;
    });
  }

  function answered(query) {
    list.dataset.query = query;  // which query the list answers (tests wait on it)
  }

  // Papers' pages first, then the site's own pages (only when no filter narrows to papers).
  function search(query) {
    var ticket = ++latest;
    if (!query.trim()) {
      list.replaceChildren();
      found = [];
      shown = 0;
      moreButton.hidden = true;
      meta.textContent = dialog.dataset.placeholder;
      answered(query);
      return;
    }
    var chosen = chosenFilters();
    load()
      .then(function (module) {
        var papers = module.search(query, { filters: Object.assign({ kind: "paper" }, chosen) });
        var site = Object.keys(chosen).length ? null : module.search(query, { filters: { kind: "site" } });
        return Promise.all([papers, site]);
      })
      .then(function (answers) {
        var papers = answers[0], site = answers[1];  // as asked for above; `site` is null with a filter
        if (ticket !== latest || !papers) return null;
        found = papers.results.concat(site ? site.results : []);
        shown = 0;
        list.replaceChildren();
        return showMore(ticket).then(function () {
          if (ticket !== latest) return;
          meta.textContent = count(found.length);
          answered(query);
        });
      })
      .catch(function () {
        if (ticket !== latest) return;
        meta.textContent = "Search could not load its index.";
        answered(query);
      });
  }

  function open() {
    if (!toggle.checked) {
      toggle.checked = true;
      toggle.dispatchEvent(new Event("change"));
    }
    input.focus();
  }

  function close() {
    toggle.checked = false;
    toggle.dispatchEvent(new Event("change"));
    input.blur();
  }

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll(".md-search-result__link"));
  }

  toggle.addEventListener("change", function () {
    // Opened by the header's search button: focus the box once the dialog shows.
    if (toggle.checked) setTimeout(function () { if (toggle.checked) input.focus(); }, 0);
  });
  input.addEventListener("focus", function () {
    load();  // fetch Pagefind while the reader types
    if (!toggle.checked) open();
  });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { search(input.value); }, DELAY_MS);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();  // Enter follows the first result
    var first = links()[0];
    if (first) first.click();
  });
  form.addEventListener("reset", function () {  // the event comes before the box is emptied: search after it
    setTimeout(function () { search(""); input.focus(); }, 0);
  });
  list.addEventListener("click", function (event) {
    if (event.target.closest("a")) close();
  });
  moreButton.addEventListener("click", function () {
    showMore(latest).then(function (first) { if (first) first.focus(); });
  });
  if (filterBox) {
    filterBox.addEventListener("change", function () { search(input.value); });
  }
  // The dialog closes once focus leaves it (tabbing on into the page, say).
  document.addEventListener("focusin", function (event) {
    if (toggle.checked && !dialog.contains(event.target)) close();
  });

  // Keys: "/", "s" or "f" open the search; arrows move through the results; Escape closes.
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    var typing = target instanceof HTMLElement &&
      (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (!toggle.checked) {
      if (!typing && (event.key === "/" || event.key === "s" || event.key === "f")) {
        event.preventDefault();
        open();
      }
      return;
    }
    var all = [input].concat(links());
    var at = all.indexOf(document.activeElement);
    if (event.key === "Escape") {
      event.preventDefault();
      close();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      var step = event.key === "ArrowDown" ? 1 : -1;
      all[Math.max(0, Math.min(all.length - 1, (at < 0 ? 0 : at) + step))].focus();
    }
  });
})();
