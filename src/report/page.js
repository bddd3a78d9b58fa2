(function () {
  "use strict";
  var d = document;
  d.documentElement.className = "js";
  var views = Array.prototype.slice.call(d.querySelectorAll("main > .view"));
  var links = Array.prototype.slice.call(d.querySelectorAll("nav a"));
  var body = d.getElementById("tl-body");
  var rows = Array.prototype.slice.call(body.querySelectorAll("tr.tl-row"));
  // what a filter searches: the row's references, number and earlier titles, and its title
  var texts = rows.map(function (r) {
    return " " + r.getAttribute("data-text") + " " + r.children[1].textContent.toLowerCase();
  });
  var groups = Array.prototype.slice.call(body.querySelectorAll("tr.tl-group"));
  var filter = d.getElementById("tl-filter");
  var sort = d.getElementById("tl-sort");
  var count = d.getElementById("tl-count");
  var detail = d.getElementById("tl-detail");
  d.querySelectorAll(".controls").forEach(function (c) { c.hidden = false; });

  function show(id) {
    views.forEach(function (v) { v.classList.toggle("active", v.id === id); });
    links.forEach(function (a) {
      if (a.getAttribute("href") === "#" + id) a.setAttribute("aria-current", "page");
      else a.removeAttribute("aria-current");
    });
  }

  // A row matches when every word of the query starts a word of its text
  // (references, number, titles): "MP124" finds MP124, not MP1124.
  function applyFilter() {
    var words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (r, i) {
      var ok = words.every(function (w) { return texts[i].indexOf(" " + w) >= 0; });
      r.hidden = !ok;
      if (ok) shown++;
    });
    groups.forEach(function (g) {
      var stage = g.getAttribute("data-stage");
      g.hidden = sort.value !== "stage" || !rows.some(function (r) {
        return !r.hidden && r.getAttribute("data-stage") === stage;
      });
    });
    count.textContent = shown + " of " + rows.length + " proposal(s) shown";
  }

  function key(r) {
    var order = +r.getAttribute("data-order");
    if (sort.value === "time") return -r.getAttribute("data-months") * 1e6 + order;
    if (sort.value === "stage") return +r.getAttribute("data-stage") * 1e6 + order;
    return order;
  }

  function applySort() {
    var sorted = rows.slice().sort(function (a, b) { return key(a) - key(b); });
    var frag = d.createDocumentFragment();
    if (sort.value === "stage") {
      groups.forEach(function (g) {
        frag.appendChild(g);
        sorted.forEach(function (r) {
          if (r.getAttribute("data-stage") === g.getAttribute("data-stage")) frag.appendChild(r);
        });
      });
    } else {
      sorted.forEach(function (r) { frag.appendChild(r); });
    }
    body.appendChild(frag);
    applyFilter();
  }

  function tell(r) {
    var cells = r.children;
    var strip = r.querySelector("svg");
    detail.textContent = cells[0].textContent + " · " + cells[1].textContent + " · " +
      cells[2].textContent + " for " + cells[3].textContent + " month(s) · " +
      (strip ? strip.getAttribute("aria-label").replace(/^[^:]*: /, "") : "");
  }

  // the browser scrolls to the fragment's element when the page loads,
  // after this script: scroll back at the next frame after the load too
  var loaded = false;
  window.addEventListener("load", function () {
    loaded = true;
    if (wantTop) requestAnimationFrame(function () { window.scrollTo(0, 0); });
  });
  var wantTop = false;
  function toTop() {
    wantTop = !loaded;
    window.scrollTo(0, 0);
  }

  // a story's or an older month's content waits, as text, in a <noscript>
  // (scripts on): make it part of the page when it is opened
  function inflate(el) {
    var ns = el.querySelector(":scope > noscript");
    if (!ns) return;
    var box = d.createElement("div");
    box.innerHTML = ns.textContent;
    while (box.firstChild) el.insertBefore(box.firstChild, ns);
    el.removeChild(ns);
  }
  d.querySelectorAll("details.pair").forEach(function (p) {
    p.addEventListener("toggle", function () { if (p.open) inflate(p); });
  });

  function route() {
    wantTop = false;
    var hash = decodeURIComponent(location.hash.slice(1));
    d.querySelectorAll(".story.open").forEach(function (s) { s.classList.remove("open"); });
    // #filter=MP124, #sort=time, #filter=pairing&sort=number: the timeline, filtered and sorted
    if (/^(filter|sort)=/.test(hash)) {
      var params = new URLSearchParams(location.hash.slice(1));
      filter.value = params.get("filter") || "";
      var order = params.get("sort");
      if (order && sort.querySelector('option[value="' + order + '"]')) sort.value = order;
      applySort();
      show("timeline");
      toTop();
      return;
    }
    var el = hash ? d.getElementById(hash) : null;
    var story = el ? el.closest(".story") : null;
    if (story) {
      inflate(story);
      story.classList.add("open");
      show("proposals");
      story.querySelector("h3").focus({ preventScroll: true });
      toTop();
      return;
    }
    var view = el ? el.closest("main > .view") : null;
    show(view ? view.id : "timeline");
    if (el && el.tagName === "DETAILS") el.open = true;
    // a view opens under the header and its tabs, not scrolled past them
    if (!el || el === view) toTop();
  }

  // the address keeps the filter and the order, so a view can be shared
  function remember() {
    var q = filter.value.trim(), parts = [];
    if (q) parts.push("filter=" + encodeURIComponent(q));
    if (sort.value !== "stage") parts.push("sort=" + sort.value);
    history.replaceState(null, "", "#" + (parts.length ? parts.join("&") : "timeline"));
  }
  filter.addEventListener("input", function () { applyFilter(); remember(); });
  sort.addEventListener("change", function () { applySort(); remember(); });
  // the words of the strip's shapes under the pointer (its group is in the defs)
  function under(svg, x) {
    var use = svg.querySelector("use");
    var g = use ? d.getElementById(use.getAttribute("href").slice(1)) : null;
    if (!g) return [];
    var words = [];
    Array.prototype.forEach.call(g.children, function (el) {
      var t = el.querySelector("title");
      if (!t) return;
      var lo, hi;
      if (el.tagName === "rect") { lo = +el.getAttribute("x"); hi = lo + (+el.getAttribute("width")); }
      else if (el.tagName === "circle") { lo = el.getAttribute("cx") - 3; hi = lo + 6; }
      else { lo = +el.getAttribute("points").split(",")[0] - 3; hi = lo + 6; }
      if (x >= lo && x <= hi) words.push(t.textContent);
    });
    return words;
  }

  body.addEventListener("mousemove", function (e) {
    var r = e.target.closest("tr.tl-row");
    if (!r) return;
    var svg = e.target.closest("svg.strip");
    var words = svg ? under(svg, e.clientX - svg.getBoundingClientRect().left) : [];
    if (words.length) detail.textContent = r.children[0].textContent + " · " + words.join(" · ");
    else tell(r);
  });
  body.addEventListener("focusin", function (e) {
    var r = e.target.closest("tr.tl-row");
    if (r) tell(r);
  });
  window.addEventListener("hashchange", route);
  applyFilter();
  route();
})();
