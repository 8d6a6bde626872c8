// Progressive enhancement only: every page works without this file.
// Sortable tables: the column links already sort on the server; with JavaScript they sort in place.
(function () {
  function cellValue(row, index) {
    var cell = row.children[index];
    var raw = cell ? cell.getAttribute("data-value") : "";
    if (raw === null || raw === "") return null;
    var number = Number(raw);
    return isNaN(number) ? raw : number;
  }
  function compare(a, b) {
    if (typeof a === "number" && typeof b === "number") return a - b;
    return String(a).localeCompare(String(b), "sv");
  }
  document.querySelectorAll("table[data-sortable]").forEach(function (table) {
    var headers = table.querySelectorAll("thead th");
    headers.forEach(function (th, index) {
      var link = th.querySelector("a[data-sort-column]");
      if (!link) return;
      link.addEventListener("click", function (event) {
        event.preventDefault();
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (r1, r2) {
          var a = cellValue(r1, index), b = cellValue(r2, index);
          if (a === null && b === null) return 0;
          if (a === null) return 1;  // rows without a value stay last
          if (b === null) return -1;
          return ascending ? compare(a, b) : compare(b, a);
        });
        rows.forEach(function (row) { body.appendChild(row); });
        headers.forEach(function (other) { other.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        table.querySelectorAll(".sort-mark").forEach(function (mark) { mark.remove(); });
        var mark = document.createElement("span");
        mark.className = "sort-mark";
        mark.setAttribute("aria-hidden", "true");
        mark.textContent = ascending ? "▲" : "▼";
        link.appendChild(mark);
        history.replaceState(null, "", link.getAttribute("href").replace(/ordning=[a-z]+/, "ordning=" + (ascending ? "stigande" : "fallande")));
      });
    });
  });
})();
// A page opened at a confirmation or a passage (#id of an element with tabindex) puts the keyboard focus there,
// so that the next Tab continues from it and a screen reader reads it.
(function () {
  function focusTarget() {
    var target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (!target || !target.hasAttribute("tabindex")) return;
    target.focus({preventScroll: true});
    // in the middle of the view, and of the full text's own scroll box when it is inside one
    target.scrollIntoView({block: "center"});
  }
  focusTarget();
  window.addEventListener("hashchange", focusTarget);
})();
// "Skriv ut": the browser's print dialog (which can also save a PDF); hidden where there is no script to run it.
(function () {
  document.querySelectorAll("button[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
