
// tipcheck's HTML report. It reads the JSON data block and builds only what is on screen: one
// page of findings, timelines or documents at a time. Every string from a document is set with
// textContent or as an attribute value; nothing is ever parsed as markup.
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("data").textContent);
  var PAGE = {findings: 20, timelines: 8, documents: 50};
  var CHANGED = 1, HIT = 2, CONTEXT = 4, FOLD = 8;
  var SVG = "http://www.w3.org/2000/svg";
  var SVG_ATTRS = {"class": 1, x: 1, y: 1, x1: 1, y1: 1, x2: 1, y2: 1, cx: 1, cy: 1, r: 1, href: 1};
  var state = {tab: "findings", kind: "", severity: "", doc: "", q: "", page: 0};
  var view = document.getElementById("view");
  var docFilter = document.getElementById("doc-filter");
  var search = document.getElementById("search");
  var docIndex = {};
  var haystacks = null;
  var filtered = [];

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  // ------------------------------------------------------------------ filtering and paging
  function segText(segs) {
    return segs.map(function (s) { return s[0] === FOLD ? segText(s[1]) : s[1]; }).join("");
  }
  function haystack(f) {
    var parts = [f.r, f.n, f.k, f.s, f.m, f.meta];
    var sides = f.b.sides.concat(f.b.more);
    sides.forEach(function (s) { parts.push(s.loc, s.v || "", segText(s.x)); });
    return parts.join("\n").toLowerCase();
  }
  function matches(f, i) {
    if (state.kind && f.k !== state.kind) return false;
    if (state.severity && f.s !== state.severity) return false;
    if (state.doc !== "" && f.d.indexOf(docIndex[state.doc]) < 0) return false;
    if (state.q) {
      if (!haystacks) haystacks = D.findings.map(haystack);
      var words = state.q.toLowerCase().split(/\s+/).filter(Boolean);
      for (var w = 0; w < words.length; w++) if (haystacks[i].indexOf(words[w]) < 0) return false;
    }
    return true;
  }
  function refilter() {
    filtered = [];
    D.findings.forEach(function (f, i) { if (matches(f, i)) filtered.push(i); });
    document.getElementById("shown").textContent = String(filtered.length);
    document.querySelectorAll("button[data-filter]").forEach(function (b) {
      var on = state[b.getAttribute("data-filter")] === b.getAttribute("data-value");
      b.setAttribute("aria-pressed", on ? "true" : "false");
    });
  }
  function pager(total, size) {
    var pages = Math.max(1, Math.ceil(total / size));
    if (state.page >= pages) state.page = pages - 1;
    var nav = el("nav", "pager");
    nav.setAttribute("aria-label", "pages");
    var prev = el("button", "prev", "‹ previous");
    prev.type = "button";
    prev.disabled = state.page === 0;
    prev.setAttribute("data-page", String(state.page - 1));
    var next = el("button", "next", "next ›");
    next.type = "button";
    next.disabled = state.page >= pages - 1;
    next.setAttribute("data-page", String(state.page + 1));
    nav.appendChild(prev);
    nav.appendChild(el("span", "where", "page " + (state.page + 1) + " of " + pages));
    nav.appendChild(next);
    return nav;
  }

  // ------------------------------------------------------------------------------- excerpts
  function segments(parent, segs) {
    segs.forEach(function (s) {
      var flags = s[0], node;
      if (flags === FOLD) {
        node = el("button", "fold", "… " + plural(s[2], "unchanged word") + " …");
        node.type = "button";
        node.title = "show the whole region";
        node.addEventListener("click", function () {
          var span = el("span", "unfolded");
          segments(span, s[1]);
          node.replaceWith(span);
        });
      } else if (flags & CHANGED) {
        node = el("mark", "chg" + (flags & HIT ? " hit" : ""), s[1]);
      } else if (flags & HIT) {
        node = el("span", "hit", s[1]);
      } else if (flags & CONTEXT) {
        node = el("span", "ctx", s[1]);
      } else {
        node = document.createTextNode(s[1]);
      }
      parent.appendChild(node);
    });
    return parent;
  }
  function loc(side) {
    var d = el("div", "loc", side.loc);
    if (side.v) { d.appendChild(document.createTextNode(" ")); d.appendChild(el("span", "value", side.v)); }
    return d;
  }
  function sideBySide(b) {
    var grid = el("div", "sbs");
    b.sides.forEach(function (s) {
      var col = el("div", "side");
      col.setAttribute("data-doc", D.docs[s.d][0]);
      col.appendChild(loc(s));
      col.appendChild(segments(el("div", "passage"), s.x));
      grid.appendChild(col);
    });
    return grid;
  }
  function compare(b) {
    var wrap = el("div", "cmp-wrap");
    var grid = el("div", "cmp");
    b.sides.forEach(function (s) {
      var col = el("div", "side");
      col.setAttribute("data-doc", D.docs[s.d][0]);
      col.appendChild(el("div", "loc", s.loc));
      var val = el("strong", "big", s.v || segText(s.x.filter(function (x) { return x[0] & HIT; })));
      val.title = s.p.map(function (r) { return r[0] + ": " + r[1]; }).join("\n");
      col.appendChild(val);
      var quote = el("blockquote");
      s.x.forEach(function (x) { quote.appendChild(x[0] & HIT ? el("strong", null, x[1]) : el("span", "ctx", x[1])); });
      col.appendChild(quote);
      grid.appendChild(col);
    });
    wrap.appendChild(grid);
    var det = el("details", "prov");
    det.appendChild(el("summary", null, "how these claims were read"));
    var table = el("table");
    b.sides[0].p.forEach(function (row, r) {
      var tr = el("tr");
      tr.appendChild(el("th", null, row[0]));
      b.sides.forEach(function (s) { tr.appendChild(el("td", null, s.p[r] ? s.p[r][1] : "")); });
      table.appendChild(tr);
    });
    det.appendChild(table);
    wrap.appendChild(det);
    return wrap;
  }
  function evidenceList(items) {
    var ul = el("ul", "evidence");
    items.forEach(function (s) {
      var li = el("li");
      li.setAttribute("data-doc", D.docs[s.d][0]);
      li.appendChild(loc(s));
      li.appendChild(segments(el("blockquote"), s.x));
      ul.appendChild(li);
    });
    return ul;
  }

  // ------------------------------------------------------------------------------- findings
  function card(f) {
    var a = el("article", "finding sev-" + f.s);
    a.id = f.a;
    a.setAttribute("data-kind", f.k);
    a.setAttribute("data-severity", f.s);
    var h = el("header");
    h.appendChild(el("span", "badge sev-" + f.s, f.s));
    var code = el("code", "rule", f.r);
    if (f.n) code.title = f.n;
    h.appendChild(code);
    h.appendChild(el("span", "kind", f.k));
    if (f.tl !== undefined) {
      var t = el("a", "tl", "timeline");
      t.href = "#t-" + f.tl;
      h.appendChild(t);
    }
    var self = el("a", "anchor", "#");
    self.href = "#" + f.a;
    self.setAttribute("aria-label", "link to this finding");
    h.appendChild(self);
    a.appendChild(h);
    a.appendChild(el("p", "msg", f.m));
    if (f.meta) a.appendChild(el("p", "meta", f.meta));
    if (f.b.t === "sbs") a.appendChild(sideBySide(f.b));
    if (f.b.t === "cmp") a.appendChild(compare(f.b));
    if (f.b.more.length) a.appendChild(evidenceList(f.b.more));
    return a;
  }
  function groupHeader(g, shown, continued) {
    var label = [g[0], g[1] || "(no subject)", g[2]].join(" · ");
    var h = el("h3", "grp", label + " — " + plural(g[3], "finding"));
    if (shown !== g[3]) h.appendChild(el("span", "muted", " (" + shown + " shown)"));
    if (continued) h.appendChild(el("span", "muted", " (continued)"));
    return h;
  }
  function renderFindings() {
    document.getElementById("filters").hidden = false;
    var frag = document.createDocumentFragment();
    if (!D.findings.length) { frag.appendChild(el("p", "empty", "No findings.")); return frag; }
    if (!filtered.length) { frag.appendChild(el("p", "empty", "No finding matches these filters.")); return frag; }
    var perGroup = {};
    filtered.forEach(function (i) { var g = D.findings[i].g; perGroup[g] = (perGroup[g] || 0) + 1; });
    frag.appendChild(pager(filtered.length, PAGE.findings));
    var from = state.page * PAGE.findings, last = -1;
    filtered.slice(from, from + PAGE.findings).forEach(function (i, k) {
      var f = D.findings[i];
      if (f.g !== last) {
        var prevIndex = from + k > 0 ? filtered[from + k - 1] : -1;
        var continued = k === 0 && prevIndex >= 0 && D.findings[prevIndex].g === f.g;
        frag.appendChild(groupHeader(D.groups[f.g], perGroup[f.g], continued));
        last = f.g;
      }
      frag.appendChild(card(f));
    });
    frag.appendChild(pager(filtered.length, PAGE.findings));
    return frag;
  }

  // ------------------------------------------------------------------------------ timelines
  function svgNode(spec) {
    var n = document.createElementNS(SVG, spec[0]);
    var attrs = spec[1] || {};
    Object.keys(attrs).forEach(function (k) {
      var v = String(attrs[k]);
      if (!SVG_ATTRS[k] || (k === "href" && v.charAt(0) !== "#")) return;
      n.setAttribute(k, v);
    });
    if (spec[2] !== undefined && spec[2] !== null) n.textContent = String(spec[2]);
    (spec[3] || []).forEach(function (c) { n.appendChild(svgNode(c)); });
    return n;
  }
  function chart(c) {
    var fig = el("figure", "chart");
    fig.appendChild(el("figcaption", null, c.name));
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("class", "timeline");
    svg.setAttribute("role", "img");
    svg.setAttribute("viewBox", "0 0 " + c.w + " " + c.h);
    svg.setAttribute("width", String(c.w));
    svg.setAttribute("height", String(c.h));
    var title = document.createElementNS(SVG, "title");
    title.textContent = c.name + " by period";
    svg.appendChild(title);
    c.els.forEach(function (spec) { svg.appendChild(svgNode(spec)); });
    fig.appendChild(svg);
    return fig;
  }
  function timelineBlock(t, i) {
    var div = el("div", "subject");
    div.id = "t-" + i;
    div.appendChild(el("h3", null, t.subject));
    if (t.findings.length) {
      var p = el("p", "links", plural(t.findings.length, "finding") + " about " + t.subject + ": ");
      t.findings.slice(0, 12).forEach(function (fi) {
        var f = D.findings[fi];
        var a = el("a", "sev-" + f.s, f.r);
        a.href = "#" + f.a;
        a.title = f.m;
        p.appendChild(a);
        p.appendChild(document.createTextNode(" "));
      });
      if (t.findings.length > 12) {
        var all = el("button", "linklike", "show all " + t.findings.length);
        all.type = "button";
        all.addEventListener("click", function () {
          reset();
          state.q = t.subject;
          search.value = t.subject;
          show("findings");
        });
        p.appendChild(all);
      }
      div.appendChild(p);
    }
    t.charts.forEach(function (c) { div.appendChild(chart(c)); });
    return div;
  }
  function renderTimelines() {
    var frag = document.createDocumentFragment();
    if (!D.timelines.length) { frag.appendChild(el("p", "empty", "No time-indexed values to compare.")); return frag; }
    frag.appendChild(pager(D.timelines.length, PAGE.timelines));
    var from = state.page * PAGE.timelines;
    D.timelines.slice(from, from + PAGE.timelines).forEach(function (t, k) {
      frag.appendChild(timelineBlock(t, from + k));
    });
    frag.appendChild(pager(D.timelines.length, PAGE.timelines));
    return frag;
  }

  // ------------------------------------------------------------------ documents and the rest
  function table(heads, rows) {
    var t = el("table"), tr = el("tr"), body = el("tbody");
    heads.forEach(function (h) { tr.appendChild(el("th", null, h)); });
    var thead = el("thead");
    thead.appendChild(tr);
    t.appendChild(thead);
    rows.forEach(function (r) {
      var row = el("tr");
      r.forEach(function (c, k) { row.appendChild(el("td", typeof c === "number" && k ? "num" : null, c)); });
      body.appendChild(row);
    });
    t.appendChild(body);
    return t;
  }
  function renderDocuments() {
    var frag = document.createDocumentFragment();
    frag.appendChild(pager(D.documents.length, PAGE.documents));
    var from = state.page * PAGE.documents;
    var rows = D.documents.slice(from, from + PAGE.documents).map(function (d) {
      return [d[0], d[1], d[2] + (d[3] ? " (" + d[3] + ")" : ""), d[4]];
    });
    frag.appendChild(table(["document", "title", "as of", "claims"], rows));
    return frag;
  }
  function renderList(items, line) {
    var ul = el("ul", "plain");
    items.forEach(function (n) { var li = el("li"); line(li, n); ul.appendChild(li); });
    return ul;
  }
  function renderNotices() {
    return renderList(D.notices, function (li, n) {
      li.appendChild(el("code", null, n[0]));
      li.appendChild(el("span", "loc", " " + n[1] + ":" + n[2] + " "));
      li.appendChild(document.createTextNode(n[3]));
    });
  }
  function renderErrors() {
    return renderList(D.errors, function (li, n) {
      li.appendChild(el("code", null, n[0]));
      li.appendChild(document.createTextNode(" " + n[2]));
    });
  }

  // ---------------------------------------------------------------------------- navigation
  var RENDER = {findings: renderFindings, timelines: renderTimelines, documents: renderDocuments,
    notices: renderNotices, errors: renderErrors};
  function show(tab, keepPage) {
    if (state.tab !== tab && !keepPage) state.page = 0;
    state.tab = tab;
    document.getElementById("filters").hidden = tab !== "findings";
    document.querySelectorAll("button[data-tab]").forEach(function (b) {
      b.setAttribute("aria-selected", b.getAttribute("data-tab") === tab ? "true" : "false");
    });
    if (tab === "findings") refilter();
    view.replaceChildren(RENDER[tab]());
  }
  function reset() {
    state.kind = state.severity = state.doc = state.q = "";
    docFilter.value = "";
    search.value = "";
  }
  function navigate(hash) {
    var id;
    try { id = decodeURIComponent(hash.slice(1)); } catch (e) { return; }
    if (id.indexOf("t-") === 0) {
      var t = parseInt(id.slice(2), 10);
      if (!(t >= 0 && t < D.timelines.length)) return;
      state.page = Math.floor(t / PAGE.timelines);
      show("timelines", true);
    } else if (id.indexOf("f-") === 0) {
      var i = -1;
      for (var k = 0; k < D.findings.length; k++) if (D.findings[k].a === id) { i = k; break; }
      if (i < 0) return;
      refilter();
      if (filtered.indexOf(i) < 0) { reset(); refilter(); }  // a filter hid it: clear them
      state.page = Math.floor(filtered.indexOf(i) / PAGE.findings);
      show("findings", true);
    } else {
      return;
    }
    var target = document.getElementById(id);
    if (target) target.scrollIntoView();
  }

  D.docs.forEach(function (d, i) {
    docIndex[d[0]] = i;
    var o = el("option", null, d[1]);
    o.value = d[0];
    docFilter.appendChild(o);
  });
  document.querySelectorAll("button[data-filter]").forEach(function (b) {
    b.addEventListener("click", function () {
      state[b.getAttribute("data-filter")] = b.getAttribute("data-value");
      state.page = 0;
      show("findings");
    });
  });
  document.querySelectorAll("button[data-tab]").forEach(function (b) {
    b.addEventListener("click", function () { show(b.getAttribute("data-tab")); });
  });
  docFilter.addEventListener("change", function () { state.doc = docFilter.value; state.page = 0; show("findings"); });
  var timer = null;
  search.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { state.q = search.value.trim(); state.page = 0; show("findings"); }, 120);
  });
  view.addEventListener("click", function (ev) {
    var pagerButton = ev.target.closest ? ev.target.closest("button[data-page]") : null;
    if (pagerButton) {
      state.page = parseInt(pagerButton.getAttribute("data-page"), 10);
      show(state.tab, true);
      view.scrollIntoView();
      return;
    }
    var a = ev.target.closest ? ev.target.closest("a[href]") : null;
    var href = a ? a.getAttribute("href") : "";
    if (href && /^#[ft]-/.test(href)) {
      ev.preventDefault();
      if (location.hash !== href) history.pushState(null, "", href);
      navigate(href);
    }
  });
  window.addEventListener("hashchange", function () { navigate(location.hash); });
  show("findings");
  if (location.hash) navigate(location.hash);
})();
