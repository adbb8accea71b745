/*
 * The search page (layouts/search.html): form, URL state, results, excerpts.
 *
 * No inline script or style anywhere (a strict Content-Security-Policy works): state is shown
 * with the `hidden` attribute and classes, and text is inserted as text, never as HTML.
 * The query and filters live in the URL (?q=&body=&year=&status=&sort=): typing replaces the history
 * entry, submitting or changing a filter adds one, and the back button restores the search.
 */
(function () {
  "use strict";

  var PAGE_SIZE = 10;
  var EXCERPT_WORDS = 32;
  var TYPING_DELAY_MS = 60;

  var form = document.getElementById("search-form");
  if (!form || !window.lunr || !window.MinutesSearch) return;

  // Interface text comes from the page (generator/locales/<lang>.yml, search_page.*).
  function text(name) { return form.getAttribute("data-" + name) || ""; }
  var MONTHS = text("months").split("|");
  var STATUS = { justerat: text("status-justerat"), ojusterat: text("status-ojusterat"),
                 slutligt: text("status-slutligt") };
  var LANG = document.documentElement.lang || undefined;

  var input = form.elements.namedItem("q");
  var selects = ["body", "year", "sort", "status"].map(function (name) { return form.elements.namedItem(name); });
  var statusRegion = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var siteRoot = form.getAttribute("data-root") || "";
  var indexUrl = new URL(form.getAttribute("data-index"), document.baseURI);

  var engine = new MinutesSearch.Engine({ lunr: window.lunr, load: load, languages: window.MinutesLanguages });
  var notice = document.getElementById("search-notice");
  var generation = 0; // a newer search makes older results stale
  var hits = [], shown = 0, timer = 0, highlightWords = "";

  /* ---- fetching ---- */

  function load(path, revalidate) {
    var url = new URL(path, indexUrl);
    // Shards change with every build: their URL carries the build's version; the manifest is
    // revalidated so a new build is seen at once.
    if (!revalidate && engine.manifest) url.searchParams.set("v", engine.manifest.version);
    return fetch(url.href, revalidate ? { cache: "no-cache" } : {}).then(function (response) {
      if (!response.ok) throw new Error(response.status + " " + url.href);
      return response.arrayBuffer();
    }).then(function (buffer) {
      var bytes = new Uint8Array(buffer);
      // Files are gzip; a host that sent them with Content-Encoding has already unpacked them.
      if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
      var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
      return new Response(stream).arrayBuffer().then(function (b) { return new Uint8Array(b); });
    });
  }

  /* ---- URL state ---- */

  function stateFromForm() {
    return {
      q: input.value.trim(),
      body: selects[0].value,
      year: selects[1].value,
      sort: selects[2].value === "date" ? "date" : "relevance",
      status: selects[3] ? selects[3].value : "",
    };
  }

  function urlFor(state) {
    var params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    if (state.body) params.set("body", state.body);
    if (state.year) params.set("year", state.year);
    if (state.status) params.set("status", state.status);
    if (state.sort === "date") params.set("sort", "date");
    var query = params.toString();
    return location.pathname + (query ? "?" + query : "");
  }

  function fillForm() {
    var params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";
    setSelect(selects[0], params.get("body") || "");
    setSelect(selects[1], params.get("year") || "");
    setSelect(selects[2], params.get("sort") === "date" ? "date" : "relevance");
    if (selects[3]) setSelect(selects[3], params.get("status") || "");
  }

  function setSelect(select, value) {
    var known = Array.prototype.some.call(select.options, function (o) { return o.value === value; });
    select.value = known ? value : select.options[0].value;
  }

  /* Whether the address shows a search still being typed, which the next keystroke may replace:
     the first keystroke after a submitted search (or Back) adds an entry, so Back returns to it. */
  var typing = false;

  function record(push) {
    var url = urlFor(stateFromForm());
    if (url === location.pathname + location.search) return;
    if (push) history.pushState(null, "", url); else history.replaceState(null, "", url);
  }

  /* ---- running a search ---- */

  function run() {
    var state = stateFromForm(), mine = ++generation;
    clearTimeout(timer);
    if (!state.q) {
      hits = [];
      shown = 0;
      showCorrection(null);
      list.replaceChildren();
      more.hidden = true;
      announce("");
      return Promise.resolve();
    }
    if (location.protocol === "file:") {
      announce(text("needs-server"));
      return Promise.resolve();
    }
    var filters = { body: state.body, year: state.year, status: state.status, sort: state.sort };
    return engine.find(state.q, filters).then(function (result) {
      if (mine !== generation) return;
      hits = result.hits;
      shown = 0;
      highlightWords = highlightParam(result, state.q);
      list.replaceChildren();
      showCorrection(result.corrected);
      return showMore(false).then(function () {
        if (mine !== generation) return;
        announce(countText(result.total, result.corrected ? result.corrected.to : state.q));
        statusRegion.setAttribute("data-query", state.q); // which search the results are of
      });
    }).catch(function (error) {
      if (mine !== generation) return;
      hits = [];
      list.replaceChildren();
      more.hidden = true;
      announce(errorText(error));
    });
  }

  function showMore(moveFocus) {
    var page = hits.slice(shown, shown + PAGE_SIZE), mine = generation;
    if (page.length === 0) {
      more.hidden = true;
      return Promise.resolve();
    }
    return engine.documents(page.map(function (hit) { return hit.id; })).then(function (docs) {
      if (mine !== generation) return;
      var firstLink = null;
      docs.forEach(function (doc, i) {
        var item = renderResult(doc, page[i]);
        list.appendChild(item);
        if (!firstLink) firstLink = item.querySelector("a");
      });
      shown += page.length;
      more.hidden = shown >= hits.length;
      if (moveFocus && firstLink) firstLink.focus();
    });
  }

  /** A text with {query} and {n} filled in (split/join: a query may hold "$&" or "{n}"). */
  function fill(template, values) {
    return template.split(/(\{query\}|\{n\})/).map(function (part) {
      return part === "{query}" ? values.query : part === "{n}" ? values.n : part;
    }).join("");
  }

  function countText(total, q) {
    var name = total === 0 ? "results-none" : total === 1 ? "results-one" : "results-many";
    return fill(text(name), { query: q, n: total.toLocaleString(LANG) });
  }

  function errorText(error) {
    if (error && error.code === "syntax") return text("error-syntax");
    if (error && error.code === "too-broad") return text("error-too-broad");
    return text("error-load");
  }

  function announce(text) {
    statusRegion.textContent = text;
  }

  /** "Did you mean ...?" or "Showing results for ..." above the results, as a link to that search. */
  function showCorrection(corrected) {
    if (!notice) return;
    notice.replaceChildren();
    notice.hidden = !corrected;
    if (!corrected) return;
    var template = text(corrected.kind === "accents" ? "showing-instead" : "did-you-mean");
    template.split(/(\{query\})/).forEach(function (part) {
      if (part !== "{query}") { notice.append(part); return; }
      var link = element("a");
      var params = new URLSearchParams(location.search);
      params.set("q", corrected.to);
      link.href = location.pathname + "?" + params.toString();
      link.textContent = corrected.to;
      notice.appendChild(link);
    });
  }

  /** The words a result's page highlights (landing.js): the query's, or the corrected ones. */
  function highlightParam(result, q) {
    var words = result.corrected ? result.corrected.to : q;
    return words.replace(/["]/g, " ").trim();
  }

  /* ---- rendering ---- */

  function termsOf(word) { return engine.termsOf(word); }

  /** The result's page, with the searched words for landing.js: "x.html?hl=avtal#punkt-4". */
  function resultHref(url) {
    var hash = url.indexOf("#"), page = hash < 0 ? url : url.slice(0, hash), anchor = hash < 0 ? "" : url.slice(hash);
    return siteRoot + page + (highlightWords ? "?hl=" + encodeURIComponent(highlightWords) : "") + anchor;
  }

  function renderResult(doc, hit) {
    var terms = hit.terms, parts = hit.parts || [];
    var item = element("li", "search-result");
    var heading = element("h2", "search-result__title");
    var link = element("a");
    link.href = resultHref(doc.url);
    if (doc.number) link.append(doc.number + " ");
    appendSegments(link, MinutesSearch.highlight(doc.title, terms, termsOf, 0, parts));
    heading.appendChild(link);

    var meta = element("p", "search-result__meta");
    var time = element("time");
    time.dateTime = doc.date;
    time.textContent = formatDate(doc.date);
    meta.append(doc.bodyName + " \u00b7 ", time, " \u00b7 " + (STATUS[doc.status] || doc.status));

    var excerpt = element("p", "search-result__excerpt");
    appendSegments(excerpt, MinutesSearch.highlight(withoutHeading(doc), terms, termsOf, EXCERPT_WORDS, parts));

    item.append(heading, meta, excerpt);
    return item;
  }

  /** The item's text without the heading it starts with: the title is shown above it already. */
  function withoutHeading(doc) {
    var heading = (doc.number ? doc.number + " " : "") + doc.title;
    return doc.text.lastIndexOf(heading, 0) === 0 && doc.text.length > heading.length
      ? doc.text.slice(heading.length).trim() : doc.text;
  }

  function appendSegments(parent, segments) {
    segments.forEach(function (segment) {
      if (segment.mark) parent.appendChild(element("mark")).textContent = segment.text;
      else parent.append(segment.text);
    });
  }

  function element(name, className) {
    var node = document.createElement(name);
    if (className) node.className = className;
    return node;
  }

  function formatDate(iso) {
    var parts = iso.split("-");
    return Number(parts[2]) + " " + MONTHS[Number(parts[1]) - 1] + " " + parts[0];
  }

  /* ---- events ---- */

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    record(true);
    typing = false;
    run();
  });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { record(!typing); typing = true; run(); }, TYPING_DELAY_MS);
  });
  selects.forEach(function (select) {
    select.addEventListener("change", function () { record(true); typing = false; run(); });
  });
  more.addEventListener("click", function () { showMore(true); });
  window.addEventListener("popstate", function () { typing = false; fillForm(); run(); });

  form.classList.add("search-form--ready");
  fillForm();
  run();
})();
