/*
 * English text pipeline for the search page, identical to generator/search/pipeline.py for
 * English documents: the same trimmer as Swedish, the Snowball English stop words
 * (stopwords_en.txt) and the Snowball English stemmer (stemmer-en.js, generated from the
 * stemmer the build uses). tests/test_search_parity.py runs both on the test texts.
 */
(function (root, factory) {
  if (typeof module === "object" && module.exports) {
    module.exports = factory;
  } else {
    var english = (root.MinutesLanguages = root.MinutesLanguages || {}).en = factory(root.MinutesStemmers.english);
    if (root.lunr && !root.lunr.Pipeline.registeredFunctions["stemmer-en"]) {
      // For a query in lunr's syntax on an index of English documents only (engine.js init).
      var stemmer = function (token) {
        token.update(function (word) { return english.stem(word); });
        return token.toString() ? token : undefined;
      };
      root.lunr.Pipeline.registerFunction(stemmer, "stemmer-en");
    }
  }
})(typeof self !== "undefined" ? self : this, function (stem) {
  "use strict";

  var STOP_WORDS = new Set(("i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers herself it its itself they them their theirs themselves what which who whom this that these those am is are was were be been being have has had having do does did doing would should could ought i'm you're he's she's it's we're they're i've you've we've they've i'd you'd he'd she'd we'd they'd i'll you'll he'll she'll we'll they'll isn't aren't wasn't weren't hasn't haven't hadn't doesn't don't didn't won't wouldn't shan't shouldn't can't cannot couldn't mustn't let's that's who's what's here's there's when's where's why's how's a an the and but if or because as until while of at by for with about against between into through during before after above below to from up down in out on off over under again further then once here there when where why how all any both each few more most other some such no nor not only own same so than too very").split(" "));
  // Letters and digits of any script, as Python's [^\W_] in pipeline.py.
  var TRIM = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;

  function trim(word) {
    return word.replace(TRIM, "");
  }

  return {
    code: "en",
    stem: stem,
    trim: trim,
    isStopWord: function (word) { return STOP_WORDS.has(word); },
    /** The index term of one raw token, or "" when the pipeline drops it. */
    term: function (token) {
      var word = trim(token.toLowerCase());
      return word && !STOP_WORDS.has(word) ? stem(word) : "";
    },
  };
});
