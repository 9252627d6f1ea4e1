// Paper Atlas: search with Pagefind (https://pagefind.app) in Material's search dialog.
// Plain JavaScript, no dependencies. The index is split into small files: a search
// downloads Pagefind's code and only the index parts its words need. Pagefind's code is
// fetched on the first use of the search box, never with the page.
(function () {
  "use strict";
  if (window.paperAtlasSearch) return;  // instant navigation may evaluate this script again
  window.paperAtlasSearch = true;

  var MAX_RESULTS = 10;
  var DELAY_MS = 120;
  var script = document.currentScript;
  var root = new URL("..", script.src);  // this file is <site>/javascripts/search.js
  var toggle = document.getElementById("__search");
  var dialog = document.querySelector("[data-pa-search]");
  var form = document.forms.namedItem("atlas-search");
  if (!toggle || !dialog || !form) return;
  var input = form.elements.namedItem("query");
  var meta = dialog.querySelector(".md-search-result__meta");
  var list = dialog.querySelector(".md-search-result__list");
  var pagefind = null;
  var latest = 0;
  var timer = 0;

  function load() {
    if (!pagefind) {
      pagefind = import(new URL("pagefind/pagefind.js", root).href).then(function (module) {
        return Promise.resolve(module.options({ baseUrl: root.pathname })).then(function () { return module; });
      });
      pagefind.catch(function () { pagefind = null; });  // try again on the next search
    }
    return pagefind;
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
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.appendChild(mark);
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

  function show(results, total) {
    var items = [];
    results.forEach(function (data) {
      var href = sameSite(data.url);
      if (!href) return;
      var item = document.createElement("li");
      item.className = "md-search-result__item";
      var link = document.createElement("a");
      link.className = "md-search-result__link";
      link.href = href;
      var article = document.createElement("article");
      article.className = "md-search-result__article md-typeset";
      var title = document.createElement("h1");
      title.textContent = (data.meta && data.meta.title) || data.url;
      var teaser = document.createElement("p");
      teaser.className = "md-search-result__teaser";
      teaser.appendChild(excerpt(data.excerpt || ""));
      article.append(title, teaser);
      link.appendChild(article);
      item.appendChild(link);
      items.push(item);
    });
    list.replaceChildren.apply(list, items);
    meta.textContent = count(total);
  }

  function answered(query) {
    list.dataset.query = query;  // which query the list answers (tests wait on it)
  }

  function search(query) {
    var ticket = ++latest;
    if (!query.trim()) {
      list.replaceChildren();
      meta.textContent = dialog.dataset.placeholder;
      answered(query);
      return;
    }
    load()
      .then(function (module) { return module.search(query); })
      .then(function (found) {
        if (ticket !== latest || !found) return null;
        return Promise.all(found.results.slice(0, MAX_RESULTS).map(function (r) { return r.data(); }))
          .then(function (data) {
            if (ticket !== latest) return;
            show(data, found.results.length);
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
  form.addEventListener("reset", function () {
    setTimeout(function () { search(""); input.focus(); }, 0);
  });
  list.addEventListener("click", function (event) {
    if (event.target.closest("a")) close();
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
