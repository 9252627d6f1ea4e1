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
  var YEAR_DIGITS = 4;  // a row's date is ISO (YYYY-MM-DD): its year is the first four characters
  var YEARS_IF_NONE_KNOWN = { low: 2000, high: 2030 };  // bounds for the year boxes when no paper has a year
  var DEFAULT_SORT = "title";  // the order when the URL names none; it is left out of the URL

  // Relatedness to a chosen paper comes in tiers, and within a tier by rank (lower first).
  var SCORE_CHOSEN = 3;          // the chosen paper itself, at the top
  var SCORE_RELATED = 2;         // on the chosen paper's related list
  var SCORE_RELATED_BACK = 1.5;  // has the chosen paper on its own list (related lists are not symmetric)
  var SCORE_TWO_STEPS = 1;       // on the list of one of the chosen paper's related papers
  // A rank is divided by this before it is taken off its tier's score: related lists are short
  // (related.RELATED_PER_PAPER is 8), so no rank takes a paper down into the tier below.
  var RANK_SCALE = 100;

  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }

  // -- the data --------------------------------------------------------------

  // One paper, from its row: read by field name, never by position.
  function Paper(row) {
    var field = Object.create(null);
    BROWSE_ROW_FIELDS.forEach(function (name, n) { field[name] = row[n]; });
    this.id = field.id; this.title = field.title;
    this.topics = field.topics;  // positions in the file's topics
    this.code = field.code === 1;
    this.date = field.date;  // "" when not known
    this.year = field.date ? parseInt(field.date.slice(0, YEAR_DIGITS), 10) : null;
    this.upvotes = field.upvotes;  // -1 when not known
    this.captures = field.captures;  // positions in the file's captures
    this.added = field.added;  // the order the corpus received the papers in
    this.related = field.related;  // positions of papers, most related first
  }

  // The file's lists, and where each id is in them.
  function catalogue(json) {
    var papers = json.papers.map(function (row) { return new Paper(row); });
    // Keyed by ids from the URL: objects without a prototype, so `?rel=__proto__` is just an unknown id.
    var topicAt = Object.create(null), captureAt = Object.create(null), index = Object.create(null);
    json.topics.forEach(function (t, n) { topicAt[t[0]] = n; });
    json.captures.forEach(function (c, n) { captureAt[c] = n; });
    papers.forEach(function (p, n) { index[p.id] = n; });
    return {
      papers: papers,
      topics: json.topics.map(function (t) { return { id: t[0], name: t[1], facet: t[2] }; }),
      facets: json.facets.map(function (f) { return { id: f[0], name: f[1] }; }),
      captures: json.captures,
      captureLabels: json.capture_labels || json.captures,
      years: papers.map(function (p) { return p.year; }).filter(function (y) { return y !== null; }),
      topicAt: topicAt, captureAt: captureAt, index: index
    };
  }

  // -- the filter state ------------------------------------------------------
  // What the URL query and the controls select. This is the one place that reads it (from
  // the URL, from the controls) and writes it (into the controls, into the URL).

  function yearIn(text) { var v = parseInt(text, 10); return isNaN(v) ? null : v; }

  // A part of the state kept in the checkboxes named `name`: the values of those ticked.
  function checkboxControl(name) {
    var boxes = function (form) { return form.querySelectorAll('input[name="' + name + '"]'); };
    return {
      read: function (c) {
        return Array.prototype.filter.call(boxes(c.form), function (i) { return i.checked; })
          .map(function (i) { return i.value; });
      },
      show: function (c, values) { boxes(c.form).forEach(function (i) { i.checked = values.indexOf(i.value) >= 0; }); }
    };
  }

  // A part of the state kept in the year box named `name`: a year, or null when empty.
  function yearControl(name) {
    var box = function (form) { return form.querySelector('input[name="' + name + '"]'); };
    return {
      read: function (c) { return yearIn(box(c.form).value); },
      show: function (c, year) { box(c.form).value = year === null ? "" : String(year); }
    };
  }

  function matchRadio(form, value) { return form.querySelector('input[name="match"][value="' + value + '"]'); }

  // How each part of the state is read from and shown in the controls ({ form, code, sort, text }).
  // `rel` has no control of its own: a "similar" button sets it.
  var IN_CONTROLS = {
    include: checkboxControl("t"),
    all: { read: function (c) { return matchRadio(c.form, "all").checked; },
           show: function (c, v) { matchRadio(c.form, "any").checked = !v; matchRadio(c.form, "all").checked = v; } },
    exclude: checkboxControl("x"),
    code: { read: function (c) { return c.code.checked; }, show: function (c, v) { c.code.checked = v; } },
    from: yearControl("from"),
    to: yearControl("to"),
    captures: checkboxControl("capture"),
    sort: { read: function (c) { return c.sort.value; }, show: function (c, v) { c.sort.value = v; } },
    q: { read: function (c) { return c.text.value; }, show: function (c, v) { c.text.value = v; } }
  };

  var FilterState = {
    // The state a URL query gives. An id the page does not know is kept, and matches nothing.
    fromQuery: function (params) {
      function list(name) { return (params.get(name) || "").split(",").filter(Boolean); }
      return {
        include: list("t"), all: params.get("match") === "all", exclude: list("x"),
        code: params.get("code") === "1", from: yearIn(params.get("from")), to: yearIn(params.get("to")),
        captures: list("capture"), sort: params.get("sort") || DEFAULT_SORT, rel: params.get("rel") || "",
        q: params.get("q") || ""
      };
    },

    // No filter at all: what "Clear all filters" goes back to.
    empty: function () { return FilterState.fromQuery(new URLSearchParams()); },

    // `state` with some parts changed.
    change: function (state, changes) { return Object.assign({}, state, changes); },

    // `state` with the parts `names` (all that have controls, if left out) read from the controls.
    read: function (controls, state, names) {
      var next = Object.assign({}, state);
      (names || Object.keys(IN_CONTROLS)).forEach(function (name) { next[name] = IN_CONTROLS[name].read(controls); });
      return next;
    },

    // Show the parts `names` of `state` (all that have controls, if left out) in the controls.
    show: function (controls, state, names) {
      (names || Object.keys(IN_CONTROLS)).forEach(function (name) { IN_CONTROLS[name].show(controls, state[name]); });
    },

    // Put `state` in the page's URL, leaving out what is as it is with no filter.
    toURL: function (state) {
      var params = new URLSearchParams();
      if (state.include.length) params.set("t", state.include.join(","));
      if (state.all) params.set("match", "all");
      if (state.exclude.length) params.set("x", state.exclude.join(","));
      if (state.code) params.set("code", "1");
      if (state.from !== null) params.set("from", String(state.from));
      if (state.to !== null) params.set("to", String(state.to));
      if (state.captures.length) params.set("capture", state.captures.join(","));
      if (state.sort !== DEFAULT_SORT) params.set("sort", state.sort);
      if (state.rel) params.set("rel", state.rel);
      if (state.q.trim()) params.set("q", state.q.trim());
      var query = params.toString();
      history.replaceState(history.state, "", location.pathname + (query ? "?" + query : ""));
    }
  };

  // -- filtering and sorting -------------------------------------------------

  // Which papers pass each kind of filter; `skip` leaves one kind out (for its own counts).
  function matcher(state, cat, skip) {
    function known(ids, at) {  // positions of the ids the file has; the others match nothing
      return ids.map(function (id) { return at[id]; }).filter(function (n) { return n !== undefined; });
    }
    var include = known(state.include, cat.topicAt);
    var exclude = known(state.exclude, cat.topicAt);
    var captures = known(state.captures, cat.captureAt);
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
  function relatedness(cat, relId) {
    var papers = cat.papers;
    var score = Object.create(null);  // keyed by paper position, with no inherited keys
    var start = cat.index[relId];
    if (start === undefined) return score;
    score[start] = SCORE_CHOSEN;
    papers[start].related.forEach(function (j, rank) {
      score[j] = Math.max(score[j] || 0, SCORE_RELATED - rank / RANK_SCALE);
    });
    papers.forEach(function (p, i) {  // related lists are not symmetric: look both ways
      if (p.related.indexOf(start) >= 0 && score[i] === undefined) score[i] = SCORE_RELATED_BACK;
    });
    papers[start].related.forEach(function (j, rank) {
      papers[j].related.forEach(function (k, rank2) {
        if (score[k] === undefined) score[k] = SCORE_TWO_STEPS - (rank + rank2) / RANK_SCALE;
      });
    });
    return score;
  }

  function sortPapers(list, state, cat) {
    var byTitle = function (a, b) { return a.title.localeCompare(b.title, undefined, { sensitivity: "base" }); };
    if (state.sort === "date") {
      list.sort(function (a, b) {
        if (a.date !== b.date) return a.date === "" ? 1 : b.date === "" ? -1 : a.date < b.date ? 1 : -1;
        return b.added - a.added;
      });
    } else if (state.sort === "upvotes") {
      list.sort(function (a, b) { return (b.upvotes - a.upvotes) || byTitle(a, b); });
    } else if (state.sort === "related" && state.rel) {
      var score = relatedness(cat, state.rel);
      var index = cat.index;
      list.sort(function (a, b) {
        return ((score[index[b.id]] || 0) - (score[index[a.id]] || 0)) || byTitle(a, b);
      });
    } else {
      list.sort(byTitle);
    }
    return list;
  }

  // -- the controls ----------------------------------------------------------
  // A builder that shows live counts adds each to `counts` as { node, filter, has }: the
  // element, the kind of filter it counts for, and whether a paper has its value.

  function countNode() { return el("span", { class: "pa-browse__n" }); }

  // Papers with any, or all, of the chosen topics.
  function matchChoice() {
    var match = el("fieldset", { class: "pa-browse__match" });
    match.appendChild(el("legend", {}, "Papers with"));
    [["any", "any of the chosen topics"], ["all", "all of the chosen topics"]].forEach(function (option) {
      var label = el("label");
      label.append(el("input", { type: "radio", name: "match", value: option[0] }), " " + option[1]);
      match.appendChild(label);
    });
    return match;
  }

  // One facet's topics, each to include or to exclude.
  function topicFilters(facet, cat, counts) {
    var set = el("fieldset", { class: "pa-browse__topics" });
    set.appendChild(el("legend", {}, "Topics: " + facet.name));
    cat.topics.forEach(function (t, n) {
      if (t.facet !== facet.id) return;
      var row = el("div", { class: "pa-browse__topic" });
      var include = el("input", { type: "checkbox", name: "t", value: t.id, id: "pa-t-" + t.id });
      var label = el("label", { for: "pa-t-" + t.id }, t.name + " ");
      var count = countNode();
      label.appendChild(count);
      counts.push({ node: count, filter: "include", has: function (p) { return p.topics.indexOf(n) >= 0; } });
      var exclude = el("input", { type: "checkbox", name: "x", value: t.id, id: "pa-x-" + t.id,
                                  "aria-label": "Exclude " + t.name });
      var excludeLabel = el("label", { for: "pa-x-" + t.id, class: "pa-browse__exclude", "aria-hidden": "true" }, "exclude");
      row.append(include, label, exclude, excludeLabel);
      set.appendChild(row);
    });
    return set;
  }

  function codeFilter(counts) {
    var label = el("label");
    var code = el("input", { type: "checkbox", name: "code", value: "1" });
    var count = countNode();
    label.append(code, " Has code ", count);
    counts.push({ node: count, filter: "code", has: function (p) { return p.code; } });
    return { label: label, input: code };
  }

  // Year from and to, bounded by the years the papers have.
  function yearFilters(cat) {
    var years = cat.years;
    var range = el("div", { class: "pa-browse__years" });
    var low = years.length ? Math.min.apply(null, years) : YEARS_IF_NONE_KNOWN.low;
    var high = years.length ? Math.max.apply(null, years) : YEARS_IF_NONE_KNOWN.high;
    ["from", "to"].forEach(function (name) {
      var label = el("label", {}, (name === "from" ? "Year from " : " to "));
      label.appendChild(el("input", { type: "number", name: name, min: String(low), max: String(high), step: "1",
                                      inputmode: "numeric", placeholder: String(name === "from" ? low : high) }));
      range.appendChild(label);
    });
    var undated = cat.papers.length - years.length;
    range.appendChild(el("span", { class: "pa-browse__hint" },
                         " (" + plural(undated, "paper has", "papers have") + " no known year)"));
    return range;
  }

  // The capture files a paper came from.
  function captureFilters(cat, counts) {
    var set = el("fieldset", { class: "pa-browse__captures" });
    set.appendChild(el("legend", {}, "From capture"));
    cat.captures.forEach(function (name, n) {
      var label = el("label", { title: name });
      var count = countNode();
      label.append(el("input", { type: "checkbox", name: "capture", value: name }), " " + cat.captureLabels[n] + " ", count);
      counts.push({ node: count, filter: "capture", has: function (p) { return p.captures.indexOf(n) >= 0; } });
      set.appendChild(label);
    });
    return set;
  }

  // Code, years and captures.
  function otherFilters(cat, counts) {
    var more = el("fieldset", { class: "pa-browse__more" });
    more.appendChild(el("legend", {}, "Other filters"));
    var code = codeFilter(counts);
    more.append(code.label, yearFilters(cat), captureFilters(cat, counts));
    return { fieldset: more, code: code.input };
  }

  // The form of filters: topics by facet, then the others.
  function filterForm(cat, counts) {
    var form = el("form", { class: "pa-browse__filters", "aria-label": "Filters" });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.appendChild(matchChoice());
    cat.facets.forEach(function (facet) { form.appendChild(topicFilters(facet, cat, counts)); });
    var others = otherFilters(cat, counts);
    form.appendChild(others.fieldset);
    return { form: form, code: others.code };
  }

  // Above the filters: the title filter, the sort order and the "clear" button.
  function topControls() {
    var box = el("div", { class: "pa-browse__controls" });
    var sortLabel = el("label", {}, "Sort by ");
    var sort = el("select", { name: "sort" });
    [["title", "title"], ["date", "date, newest first"], ["upvotes", "upvotes, most first"],
     ["related", "relatedness to a chosen paper"]].forEach(function (o) {
      sort.appendChild(el("option", { value: o[0] }, o[1]));
    });
    sortLabel.appendChild(sort);
    var relNote = el("span", { class: "pa-browse__rel" });
    var clear = el("button", { type: "button", class: "md-button" }, "Clear all filters");
    var textLabel = el("label", { class: "pa-browse__text" }, "Title has ");
    var text = el("input", { type: "search", name: "q", placeholder: "words of the title", autocomplete: "off" });
    textLabel.appendChild(text);
    box.append(textLabel, sortLabel, relNote, clear);
    return { box: box, sort: sort, text: text, relNote: relNote, clear: clear };
  }

  // The filter groups fold away, so that the first papers are on the first screen; a
  // group with a filter set says so, and opens (markGroups).
  function foldAway(form) {
    var groups = el("div", { class: "pa-browse__groups" });
    Array.prototype.slice.call(form.children).forEach(function (set) {
      var legend = set.querySelector("legend");
      var box = el("details", { class: "pa-browse__group" });
      box.appendChild(el("summary", {}, legend ? legend.textContent : "Filters"));
      box.appendChild(set);
      groups.appendChild(box);
    });
    var all = el("details", { class: "pa-browse__all" });
    all.append(el("summary", {}, "Filters: topics, code, years, captures"), groups);
    form.appendChild(all);
    return { groups: groups, all: all };
  }

  function markGroups(folds) {
    folds.groups.querySelectorAll("details").forEach(function (box) {
      var active = Array.prototype.some.call(box.querySelectorAll("input"), function (i) {
        return (i.type === "checkbox" && i.checked) || (i.type === "number" && i.value !== "") ||
          (i.type === "radio" && i.value === "all" && i.checked);
      });
      box.classList.toggle("pa-browse__group--active", active);
      if (active) box.open = folds.all.open = true;
    });
  }

  // -- the results -----------------------------------------------------------

  function paperRow(p, cat, base) {
    var item = el("li", { class: "pa-browse__paper" });
    var link = el("a", { href: base + p.id + "/" }, p.title);
    var meta = el("span", { class: "pa-browse__meta" });
    var parts = [];
    if (p.date) parts.push(p.date);
    if (p.upvotes >= 0) parts.push(plural(p.upvotes, "upvote", "upvotes"));
    if (p.code) parts.push("code");
    parts.push(p.topics.map(function (n) { return cat.topics[n].name; }).join(", ") || "no topic");
    meta.textContent = parts.join(" · ");
    var similar = el("button", { type: "button", class: "pa-browse__similar", "data-id": p.id,
                                 "aria-label": "Sort by relatedness to " + p.title }, "similar");
    // Saved to the reading list by javascripts/readinglist.js, which owns every data-save-id button.
    var keep = el("button", { type: "button", class: "pa-browse__similar pa-browse__save", "data-save-id": p.id,
                              "data-save-title": p.title, "aria-label": "Save to reading list: " + p.title }, "save");
    item.append(link, " ", similar, " ", keep, el("br"), meta);
    return item;
  }

  function showPapers(page, shown) {
    var fragment = document.createDocumentFragment();
    shown.forEach(function (p) { fragment.appendChild(paperRow(p, page.cat, page.base)); });
    page.view.list.replaceChildren(fragment);
    if (window.paperAtlasRefreshSaveButtons) window.paperAtlasRefreshSaveButtons();
    page.view.status.textContent = plural(shown.length, "paper", "papers");
  }

  // A count says how many rows the filter would give: the papers that pass every other
  // filter (and, matching "all" topics, the chosen topics too) and have this value.
  function showCounts(page, shown) {
    var state = page.state, cat = page.cat;
    var pools = Object.create(null);
    page.counts.forEach(function (count) {
      var skip = count.filter === "include" && state.all ? null : count.filter;
      var key = String(skip);
      if (!pools[key]) pools[key] = skip === null ? shown : cat.papers.filter(matcher(state, cat, skip));
      count.node.textContent = "(" + pools[key].filter(count.has).length + ")";
    });
  }

  // What the "relatedness" order is to: the chosen paper, or how to choose one.
  function relatedNote(state, cat) {
    if (state.sort !== "related") return "";
    var chosen = cat.index[state.rel] !== undefined ? cat.papers[cat.index[state.rel]] : null;
    return chosen ? " to \u201c" + chosen.title + "\u201d" : " (press \u201csimilar\u201d next to a paper)";
  }

  // Show the papers `state` selects, the counts and the note, and keep `state` in the URL.
  function update(page, state) {
    page.state = state;
    var cat = page.cat;
    var shown = sortPapers(cat.papers.filter(matcher(state, cat, null)), state, cat);
    showPapers(page, shown);
    showCounts(page, shown);
    page.view.relNote.textContent = relatedNote(state, cat);
    markGroups(page.view.folds);
    FilterState.toURL(state);
  }

  // A change in the controls updates the state from them: all of it for the filters, and
  // only its own part for the sort order and the title words.
  function listen(page, clear) {
    var controls = page.controls, list = page.view.list;
    function fromControls(names) { update(page, FilterState.read(controls, page.state, names)); }
    controls.form.addEventListener("change", function () { fromControls(); });
    controls.form.addEventListener("input", function (event) {
      if (event.target.type === "number") fromControls();
    });
    controls.sort.addEventListener("change", function () { fromControls(["sort"]); });
    controls.text.addEventListener("input", function () { fromControls(["q"]); });
    clear.addEventListener("click", function () {
      var none = FilterState.empty();
      FilterState.show(controls, none);
      update(page, none);
    });
    list.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-id]");
      if (!button) return;
      var related = FilterState.change(page.state, { rel: button.dataset.id, sort: "related" });
      FilterState.show(controls, related, ["sort"]);
      update(page, related);
      var first = list.querySelector("a");  // the chosen paper, now at the top
      if (first) first.focus();
    });
  }

  // -- the page --------------------------------------------------------------

  function build(root, json) {
    var cat = catalogue(json);
    var counts = [];
    var filters = filterForm(cat, counts);
    var top = topControls();
    var folds = foldAway(filters.form);
    var skip = el("a", { class: "pa-browse__skip", href: "#pa-browse-results" }, "Skip to the papers");
    var status = el("p", { class: "pa-browse__count", role: "status", "aria-live": "polite" });
    var list = el("ol", { class: "pa-browse__results", "aria-label": "Papers", id: "pa-browse-results", tabindex: "-1" });
    root.replaceChildren(skip, top.box, filters.form, status, list);
    var page = {
      cat: cat, counts: counts, base: root.dataset.papers,  // where paper pages are, relative to this page
      controls: { form: filters.form, code: filters.code, sort: top.sort, text: top.text },
      view: { status: status, list: list, relNote: top.relNote, folds: folds },
      state: FilterState.fromQuery(new URLSearchParams(location.search))
    };
    FilterState.show(page.controls, page.state);
    skip.addEventListener("click", function (event) {  // focus moves too, so Tab goes on from the list
      event.preventDefault();
      list.focus();
      list.scrollIntoView();
    });
    listen(page, top.clear);
    update(page, page.state);
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
