"use strict";
// pav HTML report: filters the findings embedded as JSON, renders them a page at a time.
// Rows are [severity 1-3, rule, site index, file index, line, array index, JSON pointer, message, record id, url].
// Every value is put into the page with textContent: nothing from the data is ever parsed as HTML.
(function () {
  var PAGE = 200;
  var SEVERITY = ["", "info", "warning", "error"];
  function byId(id) { return document.getElementById(id); }
  function data(id) { var node = byId(id); return node ? JSON.parse(node.textContent) : []; }

  var rows = data("pav-findings");
  var sites = data("pav-sites");
  var files = data("pav-files");
  var served = data("pav-requirements");  // rule id -> the requirement (scorecard column) it serves
  var body = byId("rows");
  if (!body) { return; }
  // Worst first; Array.prototype.sort is stable, so input order is kept within a severity.
  rows.sort(function (a, b) { return b[0] - a[0]; });

  var siteSelect = byId("f-site"), ruleSelect = byId("f-rule"), severitySelect = byId("f-severity");
  var requirementSelect = byId("f-requirement");
  var textInput = byId("f-text"), count = byId("f-count"), moreButton = byId("more"), allButton = byId("more-all");
  var link = byId("f-link");
  var haystack = null;
  var matches = rows;
  var shown = 0;

  function where(row) {
    var file = files[row[3]];
    if (row[4] !== null) { return file + ":" + row[4]; }
    // A WARC record: its position in the file, and the page's URL (as where_text does in the other reports).
    if (row[5] !== null) { return file + "[" + row[5] + "]" + (row[9] ? " (" + row[9] + ")" : ""); }
    return file;
  }

  function searchText(row) {
    return [row[1], sites[row[2]], where(row), row[6], row[7], row[8] || "", row[9] || ""].join("\u0001").toLowerCase();
  }

  function cell(tr, text, className) {
    var td = document.createElement("td");
    if (className) { td.className = className; }
    td.textContent = text;
    tr.appendChild(td);
    return td;
  }

  function renderRow(row) {
    var tr = document.createElement("tr");
    var severity = SEVERITY[row[0]];
    tr.className = severity;
    cell(tr, severity, "sev " + severity);
    var ruleCell = cell(tr, "", "mono");
    var a = document.createElement("a");
    a.href = "#rule-" + row[1];
    a.className = "rule-link";
    a.textContent = row[1];
    ruleCell.appendChild(a);
    cell(tr, sites[row[2]], "");
    cell(tr, where(row) + (row[6] ? " " + row[6] : ""), "where mono");
    cell(tr, row[7], "msg");
    cell(tr, row[8] !== null ? row[8] : (row[9] || ""), "rec");
    return tr;
  }

  function showMore(n) {
    var end = Math.min(matches.length, shown + n);
    var fragment = document.createDocumentFragment();
    for (var i = shown; i < end; i++) { fragment.appendChild(renderRow(matches[i])); }
    body.appendChild(fragment);
    shown = end;
    count.textContent = "Showing " + shown.toLocaleString("en") + " of " + matches.length.toLocaleString("en") +
      " matching findings (" + rows.length.toLocaleString("en") + " listed)";
    var rest = matches.length - shown;
    moreButton.classList.toggle("hidden", rest <= 0);
    allButton.classList.toggle("hidden", rest <= 0 || rest > 5000);
    moreButton.textContent = "Show " + Math.min(PAGE * 5, rest).toLocaleString("en") + " more";
    allButton.textContent = "Show all " + matches.length.toLocaleString("en");
  }

  function apply() {
    var site = siteSelect.value, rule = ruleSelect.value, severity = severitySelect.value;
    var requirement = requirementSelect.value;
    var siteIndex = site === "" ? -1 : sites.indexOf(site);
    var level = severity === "" ? 0 : SEVERITY.indexOf(severity);
    var query = textInput.value.trim().toLowerCase();
    if (query && haystack === null) { haystack = rows.map(searchText); }
    if (!site && !rule && !requirement && !level && !query) {
      matches = rows;
    } else {
      matches = [];
      for (var i = 0; i < rows.length; i++) {
        var row = rows[i];
        if (site && row[2] !== siteIndex) { continue; }
        if (rule && row[1] !== rule) { continue; }
        if (requirement && served[row[1]] !== requirement) { continue; }
        if (level && row[0] !== level) { continue; }
        if (query && haystack[i].indexOf(query) < 0) { continue; }
        matches.push(row);
      }
    }
    body.textContent = "";
    shown = 0;
    showMore(PAGE);
    var params = new URLSearchParams();
    if (site) { params.set("site", site); }
    if (rule) { params.set("rule", rule); }
    if (requirement) { params.set("requirement", requirement); }
    if (severity) { params.set("severity", severity); }
    if (query) { params.set("q", textInput.value.trim()); }
    link.href = "#filter?" + params.toString();
  }

  function select(node, value) {
    for (var i = 0; i < node.options.length; i++) {
      if (node.options[i].value === value) { node.value = value; return; }
    }
  }

  function fromHash() {
    var hash = window.location.hash;
    if (hash.indexOf("#filter?") !== 0) { return false; }
    var params = new URLSearchParams(hash.slice(8));
    select(siteSelect, params.get("site") || "");
    select(ruleSelect, params.get("rule") || "");
    select(requirementSelect, params.get("requirement") || "");
    select(severitySelect, params.get("severity") || "");
    textInput.value = params.get("q") || "";
    return true;
  }

  function filterBy(node, value) {
    select(node, value);
    apply();
    byId("findings").scrollIntoView();
  }

  var timer = 0;
  [siteSelect, ruleSelect, requirementSelect, severitySelect].forEach(function (node) { node.addEventListener("change", apply); });
  textInput.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(apply, 150); });
  byId("filters").addEventListener("submit", function (event) { event.preventDefault(); apply(); });
  byId("f-reset").addEventListener("click", function () {
    siteSelect.value = ""; ruleSelect.value = ""; requirementSelect.value = ""; severitySelect.value = ""; textInput.value = ""; apply();
  });
  moreButton.addEventListener("click", function () { showMore(PAGE * 5); });
  allButton.addEventListener("click", function () { showMore(matches.length); });
  window.addEventListener("hashchange", function () { if (fromHash()) { apply(); } });

  // A click on a bar of the chart, or on a site, filters the list.
  document.querySelectorAll("[data-filter-rule]").forEach(function (node) {
    node.addEventListener("click", function (event) {
      event.preventDefault();
      filterBy(ruleSelect, node.getAttribute("data-filter-rule"));
    });
  });
  document.querySelectorAll("[data-filter-site]").forEach(function (node) {
    node.addEventListener("click", function (event) {
      event.preventDefault();
      var requirement = node.getAttribute("data-filter-requirement");
      if (requirement !== null) {  // a scorecard cell: that site's findings of that requirement, nothing else
        ruleSelect.value = ""; severitySelect.value = ""; textInput.value = "";
        select(requirementSelect, requirement);
      }
      filterBy(siteSelect, node.getAttribute("data-filter-site"));
    });
  });

  // A click on a scorecard heading sorts the sites by that column (again: the other way round).
  var scorecard = byId("scorecard-table");
  if (scorecard) {
    scorecard.querySelectorAll("thead button[data-sort]").forEach(function (button) {
      button.addEventListener("click", function () {
        var th = button.parentNode, column = Array.prototype.indexOf.call(th.parentNode.children, th);
        var numeric = button.getAttribute("data-sort") === "number";
        var descending = th.getAttribute("aria-sort") !== "descending";
        scorecard.querySelectorAll("thead th").forEach(function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", descending ? "descending" : "ascending");
        var tbody = scorecard.tBodies[0], trs = Array.prototype.slice.call(tbody.rows);
        trs.sort(function (a, b) {
          var x = a.children[column].getAttribute("data-value"), y = b.children[column].getAttribute("data-value");
          var order = numeric ? parseFloat(x) - parseFloat(y) : x.localeCompare(y);
          return descending ? -order : order;
        });
        trs.forEach(function (tr) { tbody.appendChild(tr); });
      });
    });
  }

  // A click on a rule id opens its documentation in a dialog (without JavaScript, the link jumps to it).
  var dialog = byId("doc-dialog");
  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) { return; }
    var anchor = target.closest("a.rule-link");
    if (!anchor || !dialog || typeof dialog.showModal !== "function") { return; }
    var doc = byId(anchor.getAttribute("href").slice(1));
    if (!doc) { return; }
    event.preventDefault();
    var content = byId("doc-content");
    content.textContent = "";
    content.appendChild(doc.cloneNode(true)).removeAttribute("id");
    dialog.showModal();
  });
  byId("doc-close").addEventListener("click", function () { dialog.close(); });

  fromHash();
  apply();
  document.documentElement.setAttribute("data-ready", "true");
})();
