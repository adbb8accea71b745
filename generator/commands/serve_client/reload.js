// Injected by `minutes serve` only: reload after each rebuild; show build errors as an overlay.
(function () {
  "use strict";
  var base = "/__minutes/";
  var seen = null;
  var css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = base + "overlay.css";
  document.head.appendChild(css);

  function showErrors(errors) {
    var overlay = document.getElementById("minutes-build-errors");
    if (!errors.length) {
      if (overlay) overlay.remove();
      return;
    }
    if (!overlay) {
      overlay = document.createElement("section");
      overlay.id = "minutes-build-errors";
      overlay.setAttribute("role", "alert");
      document.body.appendChild(overlay);
    }
    overlay.textContent = "";
    var title = document.createElement("h2");
    title.textContent = "Bygget misslyckades – sidan visar senaste fungerande version";
    overlay.appendChild(title);
    var list = document.createElement("pre");
    list.textContent = errors.join("\n");
    overlay.appendChild(list);
  }

  var source = new EventSource(base + "events");
  source.onmessage = function (message) {
    var state = JSON.parse(message.data);
    if (seen !== null && state.generation !== seen && !state.errors.length) {
      location.reload();
      return;
    }
    seen = state.generation;
    showErrors(state.errors);
  };
})();
