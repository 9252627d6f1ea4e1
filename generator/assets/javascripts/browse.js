// Paper Atlas: the browse page. Filters and sorts every paper from data/browse.json,
// with no server and no dependencies. The filter state lives in the URL, so a view can
// be shared and bookmarked. Works with Material's instant navigation (`document$`).
(function () {
  "use strict";

  var el = window.PaperAtlas.el;  // javascripts/atlas.js, loaded before this file on every page
  var data = null;  // data/browse.json, fetched once

  // The fields of a paper's row in data/browse.json, in order. generator/exports.py writes
  // rows by its BROWSE_ROW_FIELDS; tests/test_browse_schema.py checks that this copy equals it.
  var BROWSE_ROW_FIELDS = ["id", "title", "topics", "code", "date", "upvotes", "captures", "added", "related"];

  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }

  // -- state <-> URL ---------------------------------------------------------

  function readState(params) {
    function list(name) { return (params.get(name) || "").split(",").filter(Boolean); }
    var year = function (name) { var v = parseInt(params.get(name), 10); return isNaN(v) ? null : v; };
    return {
      include: list("t"), all: params.get("match") === "all", exclude: list("x"),
      code: params.get("code") === "1", from: year("from"), to: year("to"), captures: list("capture"),
      sort: params.get("sort") || "title", rel: params.get("rel") || "", q: params.get("q") || ""
    };
  }

  function writeState(state) {
    var params = new URLSearchParams();
    if (state.include.length) params.set("t", state.include.join(","));
    if (state.all) params.set("match", "all");
    if (state.exclude.length) params.set("x", state.exclude.join(","));
    if (state.code) params.set("code", "1");
    if (state.from !== null) params.set("from", String(state.from));
    if (state.to !== null) params.set("to", String(state.to));
    if (state.captures.length) params.set("capture", state.captures.join(","));
    if (state.sort !== "title") params.set("sort", state.sort);
    if (state.rel) params.set("rel", state.rel);
    if (state.q.trim()) params.set("q", state.q.trim());
    var query = params.toString();
    history.replaceState(history.state, "", location.pathname + (query ? "?" + query : ""));
  }

  // -- filtering -------------------------------------------------------------

  // One paper, from its row: read by field name, never by position.
  function Paper(row) {
    var field = Object.create(null);
    BROWSE_ROW_FIELDS.forEach(function (name, n) { field[name] = row[n]; });
    this.id = field.id; this.title = field.title;
    this.topics = field.topics;  // positions in the file's topics
    this.code = field.code === 1;
    this.date = field.date;  // "" when not known
    this.year = field.date ? parseInt(field.date.slice(0, 4), 10) : null;
    this.upvotes = field.upvotes;  // -1 when not known
    this.captures = field.captures;  // positions in the file's captures
    this.added = field.added;  // the order the corpus received the papers in
    this.related = field.related;  // positions of papers, most related first
  }

  // Which papers pass each kind of filter; `skip` leaves one kind out (for its own counts).
  function matcher(state, topicAt, captureAt, skip) {
    var include = state.include.map(function (id) { return topicAt[id]; }).filter(function (n) { return n !== undefined; });
    var exclude = state.exclude.map(function (id) { return topicAt[id]; }).filter(function (n) { return n !== undefined; });
    var captures = state.captures.map(function (name) { return captureAt[name]; }).filter(function (n) { return n !== undefined; });
    var words = state.q.toLowerCase().split(/\s+/).filter(Boolean);
    return function (p) {
      if (words.length) {
        var title = p.title.toLowerCase();
        if (!words.every(function (w) { return title.indexOf(w) >= 0; })) return false;
      }
      if (skip !== "include" && include.length) {
        var hits = include.filter(function (t) { return p.topics.indexOf(t) >= 0; }).length;
        if (state.all ? hits < include.length : hits === 0) return false;
      }
      if (exclude.some(function (t) { return p.topics.indexOf(t) >= 0; })) return false;
      if (skip !== "code" && state.code && !p.code) return false;
      if (state.from !== null || state.to !== null) {
        if (p.year === null) return false;
        if (state.from !== null && p.year < state.from) return false;
        if (state.to !== null && p.year > state.to) return false;
      }
      if (skip !== "capture" && captures.length &&
          !captures.some(function (c) { return p.captures.indexOf(c) >= 0; })) return false;
      return true;
    };
  }

  // Relatedness to one paper: its related list first (in rank order), then papers
  // related to those (two steps away), then the rest.
  function relatedness(papers, index, relId) {
    var score = Object.create(null);  // keyed by URL text: no inherited keys (__proto__, constructor)
    var start = index[relId];
    if (start === undefined) return score;
    score[start] = 3;
    papers[start].related.forEach(function (j, rank) { score[j] = Math.max(score[j] || 0, 2 - rank / 100); });
    papers.forEach(function (p, i) {  // related lists are not symmetric: look both ways
      if (p.related.indexOf(start) >= 0 && score[i] === undefined) score[i] = 2 - 0.5;
    });
    papers[start].related.forEach(function (j, rank) {
      papers[j].related.forEach(function (k, rank2) {
        if (score[k] === undefined) score[k] = 1 - (rank + rank2) / 100;
      });
    });
    return score;
  }

  function sortPapers(list, state, papers, index) {
    var byTitle = function (a, b) { return a.title.localeCompare(b.title, undefined, { sensitivity: "base" }); };
    if (state.sort === "date") {
      list.sort(function (a, b) {
        if (a.date !== b.date) return a.date === "" ? 1 : b.date === "" ? -1 : a.date < b.date ? 1 : -1;
        return b.added - a.added;
      });
    } else if (state.sort === "upvotes") {
      list.sort(function (a, b) { return (b.upvotes - a.upvotes) || byTitle(a, b); });
    } else if (state.sort === "related" && state.rel) {
      var score = relatedness(papers, index, state.rel);
      list.sort(function (a, b) {
        return ((score[index[b.id]] || 0) - (score[index[a.id]] || 0)) || byTitle(a, b);
      });
    } else {
      list.sort(byTitle);
    }
    return list;
  }

  // -- the page --------------------------------------------------------------

  function build(root, json) {
    var papers = json.papers.map(function (row) { return new Paper(row); });
    var topics = json.topics;  // [id, name, facet]
    // Keyed by ids from the URL: objects without a prototype, so `?rel=__proto__` is just an unknown id.
    var topicAt = Object.create(null), captureAt = Object.create(null), index = Object.create(null);
    topics.forEach(function (t, n) { topicAt[t[0]] = n; });
    json.captures.forEach(function (c, n) { captureAt[c] = n; });
    papers.forEach(function (p, n) { index[p.id] = n; });
    var years = papers.map(function (p) { return p.year; }).filter(function (y) { return y !== null; });
    var state = readState(new URLSearchParams(location.search));
    var base = root.dataset.papers;  // where paper pages are, relative to this page

    var form = el("form", { class: "pa-browse__filters", "aria-label": "Filters" });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    var counts = [];  // [element, function giving its count]

    // Topics, one fieldset per facet: include (with any/all) and exclude.
    var match = el("fieldset", { class: "pa-browse__match" });
    match.appendChild(el("legend", {}, "Papers with"));
    [["any", "any of the chosen topics"], ["all", "all of the chosen topics"]].forEach(function (option) {
      var label = el("label");
      var radio = el("input", { type: "radio", name: "match", value: option[0] });
      radio.checked = (option[0] === "all") === state.all;
      label.append(radio, " " + option[1]);
      match.appendChild(label);
    });
    form.appendChild(match);
    json.facets.forEach(function (facet) {
      var set = el("fieldset", { class: "pa-browse__topics" });
      set.appendChild(el("legend", {}, "Topics: " + facet[1]));
      topics.forEach(function (t, n) {
        if (t[2] !== facet[0]) return;
        var row = el("div", { class: "pa-browse__topic" });
        var include = el("input", { type: "checkbox", name: "t", value: t[0], id: "pa-t-" + t[0] });
        include.checked = state.include.indexOf(t[0]) >= 0;
        var label = el("label", { for: "pa-t-" + t[0] }, t[1] + " ");
        var count = el("span", { class: "pa-browse__n" });
        label.appendChild(count);
        counts.push([count, "include", function (p) { return p.topics.indexOf(n) >= 0; }]);
        var exclude = el("input", { type: "checkbox", name: "x", value: t[0], id: "pa-x-" + t[0],
                                    "aria-label": "Exclude " + t[1] });
        exclude.checked = state.exclude.indexOf(t[0]) >= 0;
        var excludeLabel = el("label", { for: "pa-x-" + t[0], class: "pa-browse__exclude", "aria-hidden": "true" }, "exclude");
        row.append(include, label, exclude, excludeLabel);
        set.appendChild(row);
      });
      form.appendChild(set);
    });

    // Code, years, captures, sort.
    var more = el("fieldset", { class: "pa-browse__more" });
    more.appendChild(el("legend", {}, "Other filters"));
    var codeLabel = el("label");
    var code = el("input", { type: "checkbox", name: "code", value: "1" });
    code.checked = state.code;
    var codeCount = el("span", { class: "pa-browse__n" });
    codeLabel.append(code, " Has code ", codeCount);
    counts.push([codeCount, "code", function (p) { return p.code; }]);
    more.appendChild(codeLabel);
    var range = el("div", { class: "pa-browse__years" });
    var low = years.length ? Math.min.apply(null, years) : 2000, high = years.length ? Math.max.apply(null, years) : 2030;
    ["from", "to"].forEach(function (name) {
      var label = el("label", {}, (name === "from" ? "Year from " : " to "));
      var input = el("input", { type: "number", name: name, min: String(low), max: String(high), step: "1",
                                inputmode: "numeric", placeholder: String(name === "from" ? low : high) });
      if (state[name] !== null) input.value = String(state[name]);
      label.appendChild(input);
      range.appendChild(label);
    });
    var undated = papers.length - years.length;
    range.appendChild(el("span", { class: "pa-browse__hint" },
                         " (" + plural(undated, "paper has", "papers have") + " no known year)"));
    more.appendChild(range);
    var capSet = el("fieldset", { class: "pa-browse__captures" });
    capSet.appendChild(el("legend", {}, "From capture"));
    var captureLabels = json.capture_labels || json.captures;
    json.captures.forEach(function (name, n) {
      var label = el("label", { title: name });
      var box = el("input", { type: "checkbox", name: "capture", value: name });
      box.checked = state.captures.indexOf(name) >= 0;
      var count = el("span", { class: "pa-browse__n" });
      label.append(box, " " + captureLabels[n] + " ", count);
      counts.push([count, "capture", function (p) { return p.captures.indexOf(n) >= 0; }]);
      capSet.appendChild(label);
    });
    more.appendChild(capSet);
    form.appendChild(more);

    var controls = el("div", { class: "pa-browse__controls" });
    var sortLabel = el("label", {}, "Sort by ");
    var sort = el("select", { name: "sort" });
    [["title", "title"], ["date", "date, newest first"], ["upvotes", "upvotes, most first"],
     ["related", "relatedness to a chosen paper"]].forEach(function (o) {
      sort.appendChild(el("option", { value: o[0] }, o[1]));
    });
    sort.value = state.sort;
    sortLabel.appendChild(sort);
    var relNote = el("span", { class: "pa-browse__rel" });
    var clear = el("button", { type: "button", class: "md-button" }, "Clear all filters");
    var textLabel = el("label", { class: "pa-browse__text" }, "Title has ");
    var text = el("input", { type: "search", name: "q", placeholder: "words of the title", autocomplete: "off" });
    text.value = state.q;
    textLabel.appendChild(text);
    controls.append(textLabel, sortLabel, relNote, clear);

    // The filter groups fold away, so that the first papers are on the first screen; a
    // group with a filter set says so, and opens.
    var groups = el("div", { class: "pa-browse__groups" });
    Array.prototype.slice.call(form.children).forEach(function (set) {
      var legend = set.querySelector("legend");
      var box = el("details", { class: "pa-browse__group" });
      var summary = el("summary", {}, legend ? legend.textContent : "Filters");
      box.appendChild(summary);
      box.appendChild(set);
      groups.appendChild(box);
    });
    var all = el("details", { class: "pa-browse__all" });
    all.append(el("summary", {}, "Filters: topics, code, years, captures"), groups);
    form.appendChild(all);
    var skip = el("a", { class: "pa-browse__skip", href: "#pa-browse-results" }, "Skip to the papers");

    var status = el("p", { class: "pa-browse__count", role: "status", "aria-live": "polite" });
    var list = el("ol", { class: "pa-browse__results", "aria-label": "Papers", id: "pa-browse-results", tabindex: "-1" });
    root.replaceChildren(skip, controls, form, status, list);
    skip.addEventListener("click", function (event) {  // focus moves too, so Tab goes on from the list
      event.preventDefault();
      list.focus();
      list.scrollIntoView();
    });

    function markGroups() {
      groups.querySelectorAll("details").forEach(function (box) {
        var active = Array.prototype.some.call(box.querySelectorAll("input"), function (i) {
          return (i.type === "checkbox" && i.checked) || (i.type === "number" && i.value !== "") ||
            (i.type === "radio" && i.value === "all" && i.checked);
        });
        box.classList.toggle("pa-browse__group--active", active);
        if (active) box.open = all.open = true;
      });
    }

    function collect() {
      var checked = function (name) {
        return Array.prototype.filter.call(form.querySelectorAll('input[name="' + name + '"]'),
                                           function (i) { return i.checked; }).map(function (i) { return i.value; });
      };
      var number = function (name) { var v = parseInt(form.querySelector('input[name="' + name + '"]').value, 10); return isNaN(v) ? null : v; };
      state = {
        include: checked("t"), all: form.querySelector('input[name="match"][value="all"]').checked,
        exclude: checked("x"), code: code.checked, from: number("from"), to: number("to"),
        captures: checked("capture"), sort: sort.value, rel: state.rel, q: text.value
      };
    }

    function row(p) {
      var item = el("li", { class: "pa-browse__paper" });
      var link = el("a", { href: base + p.id + "/" }, p.title);
      var meta = el("span", { class: "pa-browse__meta" });
      var parts = [];
      if (p.date) parts.push(p.date);
      if (p.upvotes >= 0) parts.push(plural(p.upvotes, "upvote", "upvotes"));
      if (p.code) parts.push("code");
      parts.push(p.topics.map(function (n) { return topics[n][1]; }).join(", ") || "no topic");
      meta.textContent = parts.join(" · ");
      var similar = el("button", { type: "button", class: "pa-browse__similar", "data-id": p.id,
                                   "aria-label": "Sort by relatedness to " + p.title }, "similar");
      // Saved to the reading list by javascripts/readinglist.js, which owns every data-save-id button.
      var keep = el("button", { type: "button", class: "pa-browse__similar pa-browse__save", "data-save-id": p.id,
                                "data-save-title": p.title, "aria-label": "Save to reading list: " + p.title }, "save");
      item.append(link, " ", similar, " ", keep, el("br"), meta);
      return item;
    }

    function render() {
      var pass = matcher(state, topicAt, captureAt, null);
      var shown = sortPapers(papers.filter(pass), state, papers, index);
      var fragment = document.createDocumentFragment();
      shown.forEach(function (p) { fragment.appendChild(row(p)); });
      list.replaceChildren(fragment);
      if (window.paperAtlasRefreshSaveButtons) window.paperAtlasRefreshSaveButtons();
      status.textContent = plural(shown.length, "paper", "papers");
      // A count says how many rows the filter would give: the papers that pass every other
      // filter (and, matching "all" topics, the chosen topics too) and have this value.
      var pools = Object.create(null);
      counts.forEach(function (entry) {
        var skip = entry[1] === "include" && state.all ? null : entry[1];
        var key = String(skip);
        if (!pools[key]) pools[key] = skip === null ? shown : papers.filter(matcher(state, topicAt, captureAt, skip));
        entry[0].textContent = "(" + pools[key].filter(entry[2]).length + ")";
      });
      var chosen = index[state.rel] !== undefined ? papers[index[state.rel]] : null;
      relNote.textContent = state.sort === "related" ? (chosen ? " to \u201c" + chosen.title + "\u201d" :
        " (press \u201csimilar\u201d next to a paper)") : "";
      markGroups();
      writeState(state);
    }

    form.addEventListener("change", function () { collect(); render(); });
    form.addEventListener("input", function (event) {
      if (event.target.type === "number") { collect(); render(); }
    });
    sort.addEventListener("change", function () { state.sort = sort.value; render(); });
    text.addEventListener("input", function () { state.q = text.value; render(); });
    clear.addEventListener("click", function () {
      form.querySelectorAll('input[type="checkbox"]').forEach(function (i) { i.checked = false; });
      form.querySelectorAll('input[type="number"]').forEach(function (i) { i.value = ""; });
      form.querySelector('input[name="match"][value="any"]').checked = true;
      text.value = "";
      sort.value = "title";
      state.rel = "";
      collect();
      render();
    });
    list.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-id]");
      if (!button) return;
      state.rel = button.dataset.id;
      state.sort = sort.value = "related";
      render();
      var first = list.querySelector("a");  // the chosen paper, now at the top
      if (first) first.focus();
    });
    render();
  }

  function setUp() {
    var root = document.getElementById("pa-browse");
    if (!root || root.dataset.ready) return;
    root.dataset.ready = "yes";
    var source = new URL(root.dataset.src, location.href);
    (data ? Promise.resolve(data) : fetch(source).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    })).then(function (json) {
      data = json;
      build(root, json);
    }).catch(function () {
      root.textContent = "The list of papers could not be loaded.";
    });
  }

  if (typeof document$ !== "undefined") document$.subscribe(setUp);
  else document.addEventListener("DOMContentLoaded", setUp);
})();
