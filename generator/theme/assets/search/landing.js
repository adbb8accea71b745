/*
 * A meeting page opened from a search result (x.html?hl=words#punkt-4): mark the searched words
 * in the item, as the results page marked them (the same analysis: stemmer-sv.js, language-en.js),
 * and say so at the top of the item, with the meeting's name and date, which stay in view.
 * Nothing happens without ?hl=, so the page loads no search code otherwise.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var words = new URLSearchParams(location.search).get("hl");
  if (!script || !words || !window.Promise) return;
  var folder = script.src.replace(/[^/]*$/, "");
  var TOKEN = /[^\s\-\u2010-\u2015\u2212\ufe58\ufe63\uff0d]+/gu;
  var EDGE = /^[^\p{L}\p{N}]*|[^\p{L}\p{N}]*$/gu;

  function load(name) {
    return new Promise(function (resolve, reject) {
      var tag = document.createElement("script");
      tag.src = folder + name;
      tag.onload = resolve;
      tag.onerror = reject;
      document.head.appendChild(tag);
    });
  }

  function termsOf(languages, raw) {
    var terms = [];
    languages.forEach(function (language) {
      var term = language.term(raw);
      if (term && terms.indexOf(term) < 0) terms.push(term);
    });
    return terms;
  }

  function mark(languages) {
    var target = (location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)))) ||
      document.querySelector("main");
    if (!target) return;
    var wanted = new Set(), prefixes = [];
    var list = words.split(/\s+/).filter(Boolean);
    list.forEach(function (raw, i) {
      termsOf(languages, raw).forEach(function (term) { wanted.add(term); });
      // The last word was perhaps still being typed: the results page matched it as a prefix.
      var plain = languages[0].trim(raw.toLowerCase());
      if (i === list.length - 1 && plain.length >= 2) prefixes.push(plain);
    });
    function matches(core) {
      var lower = core.toLowerCase();
      if (prefixes.some(function (p) { return lower.lastIndexOf(p, 0) === 0; })) return true;
      return termsOf(languages, core).some(function (term) {
        if (wanted.has(term)) return true;
        // A compound found by its part: samverkansavtal for avtal.
        var found = false;
        wanted.forEach(function (part) { if (part.length >= 3 && term.length > part.length && term.indexOf(part) >= 0) found = true; });
        return found;
      });
    }
    var walker = document.createTreeWalker(target, NodeFilter.SHOW_TEXT);
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    var first = null, count = 0;
    nodes.forEach(function (node) {
      var text = node.nodeValue, pieces = [], position = 0, match;
      TOKEN.lastIndex = 0;
      while ((match = TOKEN.exec(text)) !== null) {
        var core = match[0].replace(EDGE, "");
        // Headings carry soft hyphens for long words (Sjukvårds&shy;avtalet): not letters of the word.
        if (!core || !matches(core.replace(/[\u00ad\u200b]/g, ""))) continue;
        var start = match.index + match[0].indexOf(core);
        pieces.push(text.slice(position, start));
        var highlighted = document.createElement("mark");
        highlighted.textContent = core;
        pieces.push(highlighted);
        position = start + core.length;
        count++;
      }
      if (!pieces.length) return;
      pieces.push(text.slice(position));
      var fragment = document.createDocumentFragment();
      pieces.forEach(function (piece) {
        if (typeof piece === "string") { if (piece) fragment.append(piece); } else { fragment.appendChild(piece); if (!first) first = piece; }
      });
      node.parentNode.replaceChild(fragment, node);
    });
    var heading = document.querySelector("h1");
    var note = document.createElement("p");
    note.className = "search-landing";
    note.setAttribute("role", "status");
    var template = script.getAttribute("data-note") || "{query}";
    template.split(/(\{query\})/).forEach(function (part) {
      if (part !== "{query}") { note.append(part); return; }
      var quoted = document.createElement("strong");
      quoted.textContent = words;
      note.appendChild(quoted);
    });
    if (heading) {
      var meeting = document.createElement("span");
      meeting.className = "search-landing__meeting";
      meeting.textContent = heading.textContent.replace(/\s+/g, " ").trim();
      note.append(" ", meeting);
    }
    if (count === 0) return;
    var place = target.querySelector("h2, h3") || target.firstChild;
    if (place && place.parentNode) place.parentNode.insertBefore(note, place.nextSibling);
    else target.prepend(note);
    (target.id ? target : first).scrollIntoView({ block: "start" });
  }

  var css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = folder + "landing.css";
  document.head.appendChild(css);
  load("stemmer-sv.js").then(function () { return load("stemmer-en.js"); })
    .then(function () { return load("language-en.js"); })
    .then(function () {
      var languages = window.MinutesLanguages || {};
      mark([languages.sv, languages.en].filter(Boolean));
    })
    .catch(function () { /* the page stays as it is */ });
})();
