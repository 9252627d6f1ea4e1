// Paper Atlas: sortable tables, and the helpers the other scripts share. Plain JavaScript, no
// dependencies. Works with Material's instant navigation: `document$` emits on every page load.
// This file is loaded first on every page (mkdocs.yml `extra_javascript`, render.ASSETS), so
// search.js, browse.js and readinglist.js find `window.PaperAtlas` filled in when they run.
(function () {
  "use strict";

  var atlas = window.PaperAtlas = window.PaperAtlas || {};

  // A new element with these attributes and, if given, this text (set as text, never parsed as HTML).
  atlas.el = function (tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text !== undefined) node.textContent = text;
    return node;
  };

  // A cell's sort value: its text, or for a cell holding only an icon link (the Code column)
  // the link's label; an empty cell has none.
  function cellValue(row, index) {
    var cell = row.cells[index];
    if (!cell) return "";
    var text = cell.textContent.trim();
    if (text) return text;
    var link = cell.querySelector("a[href]");
    return link ? (link.getAttribute("aria-label") || link.getAttribute("title") || "link") : "";
  }

  function compare(a, b) {
    var x = parseFloat(a), y = parseFloat(b);
    if (a !== "" && b !== "" && !isNaN(x) && !isNaN(y)) return x - y;
    if (a === "" && b !== "") return 1;   // empty cells last
    if (b === "" && a !== "") return -1;
    return a.localeCompare(b, undefined, { sensitivity: "base" });
  }

  function sortBy(table, index, header) {
    var body = table.tBodies[0];
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (r1, r2) {
      var a = cellValue(r1, index), b = cellValue(r2, index);
      if ((a === "") !== (b === "")) return a === "" ? 1 : -1;  // blanks last, either way
      var order = compare(a, b);
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
      th.removeAttribute("aria-sort");
    });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }

  function setUp() {
    document.querySelectorAll(".pa-sortable table").forEach(function (table) {
      if (!table.tHead || table.dataset.sortable) return;
      table.dataset.sortable = "yes";
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
        var button = document.createElement("button");
        button.type = "button";
        button.textContent = th.textContent;
        button.setAttribute("aria-label", "Sort by " + th.textContent);
        th.textContent = "";
        th.appendChild(button);
        button.addEventListener("click", function () { sortBy(table, index, th); });
      });
    });
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(setUp);
  } else {
    document.addEventListener("DOMContentLoaded", setUp);
  }
})();
