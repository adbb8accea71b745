/*
 * The search engine: loads only the index shards a query needs and ranks with lunr.js itself.
 *
 * lunr.js scores a document by the dot product of the query vector with each of its field
 * vectors, divided by the query vector's length; components of terms outside the query add
 * nothing. So the engine builds a partial lunr.Index from the postings of the query's terms
 * (with lunr's own term indexes and weights) and calls index.search(): scores, order and ties
 * are those of one lunr index over the whole archive. Documents are numbered in the order the
 * full index added them, so numeric refs iterate in the same order lunr's postings do.
 *
 * Works in browsers (window.MinutesSearch) and in node (module.exports), for the tests.
 * Formats: docs/search.md.
 */
(function (root, factory) {
  if (typeof module === "object" && module.exports) {
    module.exports = factory();
  } else {
    root.MinutesSearch = factory();
  }
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  /** A query that would need more shards than this is refused rather than loading the index. */
  var MAX_SHARDS = 48;
  /** Positions per document in a term's order key (writer.py ORDER_POSITIONS). */
  var ORDER_POSITIONS = 2097152;
  var decoder = new TextDecoder("utf-8");

  function SearchError(code, message) {
    this.name = "SearchError";
    this.code = code; // "syntax" | "too-broad" | "load"
    this.message = message;
  }
  SearchError.prototype = Object.create(Error.prototype);

  /* ---- byte formats ---- */

  function json(bytes) {
    return JSON.parse(decoder.decode(bytes));
  }

  /** A reader of unsigned LEB128 varints from `bytes`. */
  function varints(bytes) {
    var reader = { offset: 0 };
    reader.uint = function () {
      var value = 0, shift = 0, byte;
      do {
        byte = bytes[reader.offset++];
        value += (byte & 0x7f) * Math.pow(2, shift);
        shift += 7;
      } while (byte >= 0x80);
      return value;
    };
    return reader;
  }

  /**
   * Decode a term shard: [{term, index, idfLow, fields: [{ids, tfs}]}], terms in index order.
   * Weights are computed later (weigh), once the field lengths of the documents are loaded.
   */
  function decodeShard(bytes, fieldCount) {
    var reader = varints(bytes), uint = reader.uint;
    var count = uint(), records = new Array(count), previous = new Uint8Array(0);
    for (var r = 0; r < count; r++) {
      var shared = uint(), suffix = uint();
      var termBytes = new Uint8Array(shared + suffix);
      termBytes.set(previous.subarray(0, shared));
      termBytes.set(bytes.subarray(reader.offset, reader.offset + suffix), shared);
      reader.offset += suffix;
      previous = termBytes;
      // lunr's term index is only compared, so any numbers in the same order do: the build
      // stores (first document, position in it), which an edit elsewhere does not shift.
      // The first document's low bit: the record carries its documents' field lengths.
      var first = uint(), inline = first % 2 === 1;
      var record = { term: decoder.decode(termBytes), index: Math.floor(first / 2) * ORDER_POSITIONS + uint(),
        idfLow: uint(), fields: [] };
      for (var f = 0; f < fieldCount; f++) {
        record.fields.push(inline ? bigPostings(bytes, reader) : postings(reader));
      }
      if (inline) bigLengths(bytes, reader, record.fields);
      records[r] = record;
    }
    return records;
  }

  /** One field's postings in an ordinary record: n, n id gaps, n term frequencies. */
  function postings(reader) {
    var uint = reader.uint, n = uint(), ids = new Array(n), tfs = new Array(n), id = 0, i;
    for (i = 0; i < n; i++) { id += uint(); ids[i] = id; }
    for (i = 0; i < n; i++) tfs[i] = uint();
    return { ids: ids, tfs: tfs, lengths: null, weights: null };
  }

  /**
   * One field's postings in a record that carries lengths (shards._big_postings): n * 2 + dense,
   * the ids (dense: first id, byte count, a bitmap from the first id, low bit first; else gaps),
   * then 2 bits per term frequency (frequency - 1, at most 3) and the excess of each 3 as varints.
   */
  function bigPostings(bytes, reader) {
    var uint = reader.uint, flagged = uint(), n = Math.floor(flagged / 2);
    var ids = new Array(n), tfs = new Array(n), i;
    if (flagged % 2 === 1) {
      var first = uint(), size = uint(), start = reader.offset, k = 0;
      for (var b = 0; b < size; b++) {
        var byte = bytes[start + b];
        for (var bit = 0; byte !== 0; bit++, byte >>= 1) {
          if (byte & 1) ids[k++] = first + 8 * b + bit;
        }
      }
      reader.offset = start + size;
      if (k !== n) throw new Error("a term record whose bitmap does not hold its postings");
    } else {
      for (var id = 0, g = 0; g < n; g++) { id += uint(); ids[g] = id; }
    }
    var codes = reader.offset;
    reader.offset += Math.ceil(n / 4);
    for (i = 0; i < n; i++) {
      var code = (bytes[codes + (i >> 2)] >> (2 * (i & 3))) & 3;
      tfs[i] = code === 3 ? 4 + uint() : code + 1;
    }
    return { ids: ids, tfs: tfs, lengths: null, weights: null };
  }

  /** The lengths after a big record's postings: every field's high parts, then their low bytes. */
  function bigLengths(bytes, reader, fields) {
    fields.forEach(function (field) {
      var n = field.ids.length, lengths = new Array(n);
      for (var i = 0; i < n; i++) lengths[i] = reader.uint() * 256;
      field.lengths = lengths;
    });
    fields.forEach(function (field) {
      var lengths = field.lengths, start = reader.offset;
      for (var i = 0; i < lengths.length; i++) lengths[i] += bytes[start + i];
      reader.offset = start + lengths.length;
    });
  }

  /* ---- lunr's weights, computed as lunr.py computes them ---- */

  // lunr.Builder's BM25 defaults (lunr.py keeps them).
  var K1 = 1.2, B = 0.75;
  var bits = new DataView(new ArrayBuffer(8));

  /**
   * The exact idf lunr.py computed with the C library's log: Math.log may differ in the last
   * place or two, so the index stores the low byte of the exact double and the nearest double
   * with that low byte is taken (exact while Math.log is within 128 units in the last place).
   */
  function exactIdf(approximate, lowByte) {
    bits.setFloat64(0, approximate);
    var low = bits.getUint32(4), delta = ((lowByte - (low & 0xff) + 384) % 256) - 128;
    var sum = low + delta, high = bits.getUint32(0);
    if (sum < 0) { sum += 0x100000000; high -= 1; } else if (sum > 0xffffffff) { sum -= 0x100000000; high += 1; }
    bits.setUint32(0, high);
    bits.setUint32(4, sum);
    return bits.getFloat64(0);
  }

  /** round(score, 3) * 1000 as Python computes it: the exact value, ties to even. */
  function thousandths(score) {
    var scaled = score * 1000;
    if (Math.abs(scaled - Math.floor(scaled) - 0.5) > 1e-6) return Math.round(scaled);
    if (Number.isInteger(score * 16)) { // exactly k/16: four decimals at most, maybe a tie
      var tenThousandths = score * 10000;
      if (tenThousandths % 10 === 5) {
        var down = (tenThousandths - 5) / 10;
        return down % 2 === 0 ? down : down + 1;
      }
    }
    return Math.round(Number(score.toFixed(3)) * 1000); // toFixed rounds the exact value
  }

  /* ---- loading ---- */

  /**
   * options.lunr: the lunr object (with stemmer-sv.js applied);
   * options.load(path): Promise of the bytes of a file under the index folder, ungzipped;
   * options.maxShards: refuse queries needing more shards (default MAX_SHARDS).
   */
  function Engine(options) {
    this.lunr = options.lunr;
    this.languages = options.languages || null; // {sv: analyser, en: analyser}: language-*.js
    this.maxShards = options.maxShards || MAX_SHARDS;
    this.load = options.load;
    this.manifest = null;
    this.shards = new Map();
    this.chunks = new Map();
    this.chunkStarts = null;  // chunkOf: the first document id of each chunk
    this.lengthBlocks = new Map();
    this.bodyOfDocument = null;
  }

  Engine.prototype.init = function () {
    var self = this;
    if (!this.ready) {
      this.ready = this.load("index.json.gz", true).then(function (bytes) {
        self.manifest = json(bytes);
        var names = self.manifest.pipeline, languages = self.manifest.languages || ["sv"];
        // An index of English documents only: lunr's syntax stems its words in English.
        if (languages.indexOf("sv") < 0 && languages.indexOf("en") >= 0 && self.lunr.Pipeline.registeredFunctions["stemmer-en"]) {
          names = names.map(function (name) { return name === "stemmer-sv" ? "stemmer-en" : name; });
        }
        self.pipeline = self.lunr.Pipeline.load(names);
        return self.manifest;
      });
      this.ready.catch(function () { self.ready = null; });
    }
    return this.ready;
  };

  /** Load once, remember the promise, forget it on failure so a later query can retry. */
  function cached(map, key, make) {
    var promise = map.get(key);
    if (!promise) {
      promise = make();
      map.set(key, promise);
      promise.catch(function () { map.delete(key); });
    }
    return promise;
  }

  /** Field lengths of documents block*B ... (B = manifest.lengthBlock), fields interleaved. */
  Engine.prototype.lengthBlock = function (number) {
    var self = this;
    return cached(this.lengthBlocks, number, function () {
      return self.load("lengths/" + number + ".gz").then(function (bytes) {
        var reader = varints(bytes), values = [];
        while (reader.offset < bytes.length) values.push(reader.uint());
        return values;
      });
    });
  };

  /** Fill in every posting's lunr weight (loading the length blocks the postings need). */
  Engine.prototype.weigh = function (records) {
    var self = this, manifest = this.manifest, size = manifest.lengthBlock, blocks = new Set();
    var fieldCount = manifest.fields.length;
    records.forEach(function (record) {
      record.fields.forEach(function (field) {
        if (field.weights || field.lengths) return;
        for (var i = 0; i < field.ids.length; i++) blocks.add(Math.floor(field.ids[i] / size));
      });
    });
    var numbers = Array.from(blocks);
    return Promise.all(numbers.map(function (n) { return self.lengthBlock(n); })).then(function (loaded) {
      var byNumber = new Map();
      numbers.forEach(function (n, i) { byNumber.set(n, loaded[i]); });
      var n = manifest.documents;
      records.forEach(function (record) {
        var df = 0;
        record.fields.forEach(function (field) { df += field.ids.length; });
        // Written as lunr.py's Builder computes them, in the same order: the same doubles.
        var x = (n - df + 0.5) / (df + 0.5);
        var idf = exactIdf(Math.log(1 + Math.abs(x)), record.idfLow);
        record.fields.forEach(function (field, f) {
          if (field.weights) return;
          var average = manifest.lengths[f] / n, boost = manifest.boosts[f];
          var weights = new Array(field.ids.length), own = field.lengths;
          for (var i = 0; i < field.ids.length; i++) {
            var id = field.ids[i], tf = field.tfs[i];
            var length = own ? own[i] : byNumber.get(Math.floor(id / size))[(id % size) * fieldCount + f];
            var score = idf * ((K1 + 1) * tf) / (K1 * (1 - B + B * (length / average)) + tf);
            score *= boost;
            weights[i] = thousandths(score) / 1000; // lunr keeps three decimals
          }
          field.weights = weights;
        });
      });
      return records;
    });
  };

  Engine.prototype.shard = function (number) {
    var self = this;
    return cached(this.shards, number, function () {
      return self.load("terms/" + number + ".gz").then(function (bytes) {
        return decodeShard(bytes, self.manifest.fields.length);
      });
    });
  };

  /** The shard whose range holds `term`: the last whose separator (manifest.shards) is at or before it. */
  Engine.prototype.shardOf = function (term) {
    var shards = this.manifest.shards, low = 0, high = shards.length - 1;
    if (high < 0) return -1;
    while (low < high) {
      var middle = (low + high + 1) >> 1;
      if (shards[middle] <= term) low = middle; else high = middle - 1;
    }
    return low;
  };

  /* ---- planning: which term ranges a query needs ---- */

  Engine.prototype.parse = function (queryString) {
    var lunr = this.lunr, query = new lunr.Query(this.manifest.fields);
    try {
      new lunr.QueryParser(queryString, query).parse();
    } catch (error) {
      if (error instanceof lunr.QueryParseError) throw new SearchError("syntax", error.message);
      throw error;
    }
    return query;
  };

  /** Term ranges [low, high] (inclusive) the query's clauses can match; null means "all terms". */
  Engine.prototype.ranges = function (query) {
    var ranges = [];
    for (var c = 0; c < query.clauses.length; c++) {
      var clause = query.clauses[c];
      var terms = clause.usePipeline
        ? this.pipeline.runString(clause.term, { fields: clause.fields })
        : [clause.term];
      for (var t = 0; t < terms.length; t++) {
        var term = terms[t], star = term.indexOf("*");
        if (clause.editDistance > 0 || star === 0) return null; // fuzzy or leading wildcard
        if (star > 0) ranges.push([term.slice(0, star), term.slice(0, star) + "\uffff"]);
        else ranges.push([term, term]);
      }
    }
    return ranges;
  };

  Engine.prototype.shardsFor = function (ranges) {
    var total = this.manifest.shards.length, wanted = new Set();
    if (ranges === null) {
      for (var all = 0; all < total; all++) wanted.add(all);
    } else {
      ranges.forEach(function (range) {
        var first = this.shardOf(range[0]), last = this.shardOf(range[1]);
        for (var s = Math.max(first, 0); s <= last; s++) wanted.add(s);
      }, this);
    }
    return Array.from(wanted).sort(function (a, b) { return a - b; });
  };

  /* ---- a partial lunr.Index ---- */

  function inRanges(term, ranges) {
    if (ranges === null) return true;
    for (var i = 0; i < ranges.length; i++) {
      if (term >= ranges[i][0] && term <= ranges[i][1]) return true;
    }
    return false;
  }

  /**
   * A lunr.Index holding the query's terms with their postings, and for each document field
   * the components of those terms (the only ones a dot product with the query vector uses).
   */
  Engine.prototype.partialIndex = function (records, allDocuments) {
    var lunr = this.lunr, fields = this.manifest.fields;
    var invertedIndex = Object.create(null), components = new Map(), terms = [];
    var EMPTY = {}; // posting metadata: none is whitelisted, lunr clones it per match
    records.forEach(function (record) {
      var posting = { _index: record.index };
      record.fields.forEach(function (field, f) {
        var refs = {};
        for (var i = 0; i < field.ids.length; i++) {
          var id = field.ids[i];
          refs[id] = EMPTY;
          var perField = components.get(id);
          if (!perField) components.set(id, (perField = fields.map(function () { return []; })));
          perField[f].push(record.index, field.weights[i]);
        }
        posting[fields[f]] = refs;
      });
      invertedIndex[record.term] = posting;
      terms.push(record.term);
    });
    terms.sort();

    // Field vectors in the full index's order (document by document, fields in order): lunr
    // walks them in that order for a query of only negated terms.
    var fieldVectors = Object.create(null);
    var ids = allDocuments
      ? Array.from({ length: this.manifest.documents }, function (_, i) { return i; })
      : Array.from(components.keys()).sort(function (a, b) { return a - b; });
    ids.forEach(function (id) {
      var perField = components.get(id);
      fields.forEach(function (name, f) {
        fieldVectors[name + "/" + id] = new lunr.Vector(perField ? sortedPairs(perField[f]) : []);
      });
    });

    return new lunr.Index({
      invertedIndex: invertedIndex,
      fieldVectors: fieldVectors,
      tokenSet: lunr.TokenSet.fromArray(terms),
      fields: fields,
      pipeline: this.pipeline,
    });
  };

  /**
   * What lunr.Index.query returns for optional single-term clauses ([term, boost], each in every
   * field) over one index of the whole archive, computed without building one: the same
   * doubles, in the same order, ties included. Per field, lunr adds each found term's clause
   * boost into the query vector at the term's index; a document's score is the sum, over its
   * fields in the order the query first met them, of (query vector . field vector) / |query
   * vector|, the dot product summed in term index order; the results are in the order their
   * documents were first met (clause by clause, field by field, ascending ids), then sorted by
   * score (a stable sort). A partial lunr.Index made the same numbers with an object per posting
   * (343 ms from keystroke to results for a common word at 10,000 meetings).
   * Resolves to [{id, score, fields(term): bit f set for each field f the term is in}].
   */
  Engine.prototype.score = function (byTerm, clauses) {
    var fieldCount = this.manifest.fields.length, documents = this.manifest.documents;
    var boosts = new Map(), found = [], postings = 0;
    clauses.forEach(function (clause) {
      var record = byTerm.get(clause[0]);
      if (!record) return;  // not in the index: no vector component, no match
      if (!boosts.has(record.term)) {
        found.push(record);
        record.fields.forEach(function (field) { postings += field.ids.length; });
      }
      boosts.set(record.term, (boosts.get(record.term) || 0) + clause[1]);
    });
    // Field refs (document * fields + field) in the order lunr's query first meets them.
    var seen = new Uint8Array(documents * fieldCount), order = new Int32Array(postings), count = 0;
    found.forEach(function (record) {
      record.fields.forEach(function (field, f) {
        var ids = field.ids;
        for (var i = 0; i < ids.length; i++) {
          var key = ids[i] * fieldCount + f;
          if (!seen[key]) { seen[key] = 1; order[count++] = key; }
        }
      });
    });
    // Every field's query vector holds the same terms and boosts, so one magnitude serves all.
    var byIndex = found.slice().sort(function (a, b) { return a.index - b.index; });
    var sumOfSquares = 0;
    byIndex.forEach(function (record) { var value = boosts.get(record.term); sumOfSquares += value * value; });
    var magnitude = Math.sqrt(sumOfSquares);
    var dots = new Float64Array(documents * fieldCount), masks = new Map();
    byIndex.forEach(function (record) {
      var boost = boosts.get(record.term), mask = new Uint8Array(documents);
      record.fields.forEach(function (field, f) {
        var ids = field.ids, weights = field.weights, bit = 1 << f;
        for (var i = 0; i < ids.length; i++) {
          dots[ids[i] * fieldCount + f] += boost * weights[i];
          mask[ids[i]] |= bit;
        }
      });
      masks.set(record.term, mask);
    });
    var results = [], place = new Int32Array(documents);  // a document's result + 1
    for (var k = 0; k < count; k++) {
      var key = order[k], id = (key - key % fieldCount) / fieldCount;
      var score = dots[key] / magnitude || 0;
      if (place[id]) results[place[id] - 1].score += score;
      else {
        results.push({ id: id, score: score, fields: fieldsOf, order: 0, found: 0, whole: 0, all: false,
          terms: null, parts: null, phrase: true });
        place[id] = results.length;
      }
    }
    function fieldsOf(term) { var mask = masks.get(term); return mask ? mask[this.id] : 0; }
    return results.sort(function (a, b) { return b.score - a.score; });
  };

  /** [index, value, index, value, ...] sorted by index, as lunr.Vector requires. */
  function sortedPairs(flat) {
    if (flat.length <= 2) return flat;
    var pairs = [];
    for (var i = 0; i < flat.length; i += 2) pairs.push([flat[i], flat[i + 1]]);
    pairs.sort(function (a, b) { return a[0] - b[0]; });
    var result = [];
    pairs.forEach(function (pair) { result.push(pair[0], pair[1]); });
    return result;
  }

  /* ---- searching ---- */

  /**
   * Run a lunr query. filters: {body: slug, year: number, status: "justerat"|"ojusterat",
   * sort: "relevance"|"date"}.
   * Resolves to {hits: [{id, score, terms}], total}, hits in display order.
   */
  Engine.prototype.search = function (queryString, filters) {
    var self = this;
    filters = filters || {};
    return this.init().then(function () {
      var query = self.parse(queryString);
      if (query.clauses.length === 0) return { hits: [], total: 0 };
      var ranges = self.ranges(query);
      var numbers = self.shardsFor(ranges);
      if (numbers.length > self.maxShards) {
        throw new SearchError("too-broad", "the query needs " + numbers.length + " index shards");
      }
      var loads = numbers.map(function (n) { return self.shard(n); });
      if (filters.body) loads.push(self.bodies());
      if (filters.status) loads.push(self.statuses());
      return Promise.all(loads).then(function (loaded) {
        var records = [];
        loaded.slice(0, numbers.length).forEach(function (shard) {
          shard.forEach(function (record) {
            if (inRanges(record.term, ranges)) records.push(record);
          });
        });
        return self.weigh(records).then(function () {
          var index = self.partialIndex(records, query.isNegated());
          var results = index.search(queryString);
          return self.filterAndSort(results, filters);
        });
      });
    });
  };

  Engine.prototype.filterAndSort = function (results, filters) {
    var keep = this.filter(filters);
    var hits = [];
    for (var i = 0; i < results.length; i++) {
      var id = Number(results[i].ref);
      if (keep(id)) hits.push({ id: id, score: results[i].score, terms: matchedTerms(results[i]) });
    }
    // Ids are oldest first, so newest first is descending ids; lunr's order is kept for relevance.
    if (filters.sort === "date") hits.sort(function (a, b) { return b.id - a.id; });
    return { hits: hits, total: hits.length };
  };

  Engine.prototype.filter = function (filters) {
    var low = 0, high = Infinity, body = -1;
    if (filters.year) {
      var year = this.manifest.years.find(function (y) { return y[0] === Number(filters.year); });
      low = year ? year[1] : 0;
      high = year ? year[2] : 0;
    }
    if (filters.body) {
      body = this.manifest.bodies.findIndex(function (b) { return b[0] === filters.body; });
      if (body < 0) high = 0;
    }
    var status = -1;
    if (filters.status) {
      status = (this.manifest.statuses || []).findIndex(function (s) { return s[0] === filters.status; });
      if (status < 0) high = 0;
    }
    var bodyOf = this.bodyOfDocument, statusOf = this.statusOfDocument;
    return function (id) {
      return id >= low && id < high && (body < 0 || bodyOf[id] === body) && (status < 0 || statusOf[id] === status);
    };
  };

  /** Each document's meeting status, from the runs in statuses.json.gz (loaded once, for the filter). */
  Engine.prototype.statuses = function () {
    var self = this;
    return cached(this.chunks, "statuses", function () {
      return self.load("statuses.json.gz").then(function (bytes) {
        self.statusOfDocument = ownerOfRuns(json(bytes), self.manifest.documents);
        return self.statusOfDocument;
      });
    });
  };

  /** Per document, the index of the facet value whose runs ([gap, length, ...]) contain it. */
  function ownerOfRuns(runs, documents) {
    var owner = new Int32Array(documents).fill(-1);
    runs.forEach(function (list, value) {
      for (var i = 0, end = 0; i < list.length; i += 2) {
        var start = end + list[i];
        end = start + list[i + 1];
        owner.fill(value, start, end);
      }
    });
    return owner;
  }

  /** Which body each document belongs to, from the runs in bodies.json.gz (loaded once). */
  Engine.prototype.bodies = function () {
    var self = this;
    return cached(this.chunks, "bodies", function () {
      return self.load("bodies.json.gz").then(function (bytes) {
        var runs = json(bytes), owner = new Int32Array(self.manifest.documents).fill(-1);
        runs.forEach(function (list, body) {
          for (var i = 0, end = 0; i < list.length; i += 2) {
            var start = end + list[i];
            end = start + list[i + 1];
            owner.fill(body, start, end);
          }
        });
        self.bodyOfDocument = owner;
        return owner;
      });
    });
  };

  function matchedTerms(result) {
    return Object.keys(result.matchData.metadata);
  }

  /* ---- the citizen's query: words, a prefix, phrases, all words first, fallbacks ---- */

  /** A query in lunr's own syntax (+word, -word, field:word, word~1, word^2, word*) goes to search(). */
  var LUNR_SYNTAX = /(^|\s)[+-](\S|$)|[~^*]|(^|[\s+-])(title|text|parts):/;
  var SEPARATOR = /[\s\-\u2010-\u2015\u2212\ufe58\ufe63\uff0d]+/u;
  /** Terms a prefix may expand to, the most frequent first: enough for type-ahead. */
  var MAX_EXPANSIONS = 24;
  /** A prefix is matched only while its range needs this many shards at most. */
  var MAX_PREFIX_SHARDS = 4;
  var MIN_PREFIX_LETTERS = 2;
  /** Phrase candidates whose text is fetched to check the words stand side by side. */
  var PHRASE_CHECKS = 40;
  var PART_FIELD = "parts";

  Engine.prototype.isLunrSyntax = function (queryString) {
    return LUNR_SYNTAX.test(queryString);
  };

  /** Split a query into word groups: [{words: [raw], phrase}], and mark the last word a prefix. */
  function parseWords(queryString) {
    var groups = [], pattern = /"([^"]*)"?|([^\s"]+)/g, match;
    while ((match = pattern.exec(queryString)) !== null) {
      var quoted = match[1] !== undefined, words = (quoted ? match[1] : match[2]).split(SEPARATOR).filter(Boolean);
      // A quoted phrase, or a word written with hyphens (Jan-Inge, IT-området): its words side by side.
      if (words.length > 1) groups.push({ words: words, phrase: true });
      else words.forEach(function (word) { groups.push({ words: [word], phrase: false, quoted: quoted }); });
    }
    var last = groups[groups.length - 1];
    // The last word is still being typed unless a space or a closing quote ended it.
    if (last && !last.phrase && !last.quoted && !/[\s"]$/.test(queryString)) last.prefix = true;
    return groups;
  }

  /** The analysers of the index's languages (manifest.languages; lunr.swedish by default). */
  Engine.prototype.analysers = function () {
    var known = this.languages || {}, codes = (this.manifest && this.manifest.languages) || ["sv"];
    var list = codes.map(function (code) { return known[code]; }).filter(Boolean);
    return list.length ? list : [known.sv || this.lunr.swedish];
  };

  /** Whether some language of the index drops the word (a stop word there: "och", "var"). */
  Engine.prototype.isStopWord = function (raw) {
    var word = this.trimmed(raw);
    return !word || this.analysers().some(function (language) { return !language.term(raw); });
  };

  /** A raw word's index terms in every language of the index ("" dropped: a stop word there). */
  Engine.prototype.termsOf = function (raw) {
    var terms = [];
    this.analysers().forEach(function (language) {
      var term = language.term(raw);
      if (term && terms.indexOf(term) < 0) terms.push(term);
    });
    return terms;
  };

  Engine.prototype.trimmed = function (raw) {
    return this.analysers()[0].trim(raw.toLowerCase());
  };

  /**
   * Search as a citizen types: every word (in any of the index's languages), the last word also
   * as a prefix, a "quoted phrase" as a phrase; documents with all the words first, whole words
   * before parts of compounds. When nothing is found: the same words without accents (Umea:
   * Umeå), else the nearest words of the index ("did you mean"). Resolves to
   * {hits, total, words: [{raw, terms, prefixTerms}], corrected: null | {kind, from, to}}.
   */
  Engine.prototype.find = function (queryString, filters) {
    var self = this;
    filters = filters || {};
    return this.init().then(function () {
      if (self.isLunrSyntax(queryString)) {
        return self.search(queryString, filters).then(function (result) {
          result.words = [];
          result.corrected = null;
          return result;
        });
      }
      var groups = parseWords(queryString);
      return self.findGroups(groups, filters).then(function (result) {
        return self.withCompoundParts(groups, filters, result);
      }).then(function (result) {
        if (result.words.length === 0 || (result.total > 0 && result.unmatched.length === 0)) return result;
        // A word the index does not hold at all: correct it (and keep the others as they are).
        var wrong = new Set(result.unmatched.map(function (word) { return word.raw; }));
        return self.corrected(groups, filters, result.total > 0 ? wrong : null).then(function (better) {
          if (!better) return result;
          if (result.total > 0 && !(better.hits.length && better.hits[0].all)) return result;
          return better;
        });
      });
    });
  };

  Engine.prototype.findGroups = function (groups, filters, splits) {
    var self = this, words = [];
    splits = splits || new Map();
    groups.forEach(function (group, g) {
      group.words.forEach(function (raw, position) {
        var terms = self.termsOf(raw);
        if (!terms.length && !(group.prefix && position === group.words.length - 1)) return;
        // A stop word of one of the languages is searched in the others, but need not be found.
        var word = { raw: raw, group: g, terms: terms, prefix: "", prefixTerms: [], optional: self.isStopWord(raw),
          parts: splits.get(raw) || [] };
        if (group.prefix) {
          var prefix = self.trimmed(raw);
          if (prefix.length >= MIN_PREFIX_LETTERS) {
            var span = self.shardsFor([[prefix, prefix + "\uffff"]]);
            if (span.length <= MAX_PREFIX_SHARDS) word.prefix = prefix;
          }
        }
        if (word.terms.length || word.prefix) words.push(word);
      });
    });
    if (!words.length) return Promise.resolve({ hits: [], total: 0, words: [], unmatched: [], corrected: null });
    if (words.every(function (word) { return word.optional; })) words.forEach(function (word) { word.optional = false; });
    var ranges = [];
    words.forEach(function (word) {
      word.terms.concat(word.parts).forEach(function (term) { ranges.push([term, term]); });
      if (word.prefix) ranges.push([word.prefix, word.prefix + "\uffff"]);
    });
    var numbers = this.shardsFor(ranges);
    var loads = numbers.map(function (n) { return self.shard(n); });
    if (filters.body) loads.push(self.bodies());
    if (filters.status) loads.push(self.statuses());
    return Promise.all(loads).then(function (loaded) {
      var byTerm = new Map();
      loaded.slice(0, numbers.length).forEach(function (shard) {
        shard.forEach(function (record) { if (inRanges(record.term, ranges)) byTerm.set(record.term, record); });
      });
      words.forEach(function (word) {
        if (!word.prefix) return;
        var expansions = [];
        byTerm.forEach(function (record, term) {
          if (term.lastIndexOf(word.prefix, 0) === 0 && word.terms.indexOf(term) < 0) expansions.push(record);
        });
        expansions.sort(function (a, b) { return documentFrequency(b) - documentFrequency(a) || (a.term < b.term ? -1 : 1); });
        word.prefixTerms = expansions.slice(0, MAX_EXPANSIONS).map(function (record) { return record.term; });
      });
      var records = [], seen = new Set();
      words.forEach(function (word) {
        word.matched = false;
        word.wholeDocuments = 0;
        word.terms.forEach(function (term) {
          var record = byTerm.get(term);
          if (record) word.wholeDocuments += documentFrequency(record);
        });
        word.terms.concat(word.prefixTerms, word.parts).forEach(function (term) {
          var record = byTerm.get(term);
          if (record) word.matched = true;
          if (record && !seen.has(term)) { seen.add(term); records.push(record); }
        });
      });
      return self.weigh(records).then(function () {
        var clauses = [];
        words.forEach(function (word) {
          word.terms.forEach(function (term) { clauses.push([term, 1]); });
          // A word still being typed: what it completes to counts less than the word itself.
          word.prefixTerms.forEach(function (term) { clauses.push([term, 0.5]); });
          // A compound typed in the query: its parts, written apart, count less still.
          word.parts.forEach(function (term) { clauses.push([term, 0.3]); });
        });
        return self.rank(self.score(byTerm, clauses), words, groups, filters);
      });
    });
  };

  function documentFrequency(record) {
    var df = 0;
    record.fields.forEach(function (field) { df += field.ids.length; });
    return df;
  }

  /** Order lunr's results: most words found first, then most found as whole words, then score. */
  Engine.prototype.rank = function (results, words, groups, filters) {
    var self = this, keep = this.filter(filters), partBit = 1 << this.manifest.fields.indexOf(PART_FIELD);
    var hits = [];
    words.forEach(function (word) { word.wholeOrTyped = word.terms.concat(word.prefixTerms); });
    for (var order = 0; order < results.length; order++) {
      var hit = results[order];
      if (!keep(hit.id)) continue;
      var found = 0, whole = 0, terms = [], parts = [], required = 0;
      for (var w = 0; w < words.length; w++) {
        var word = words[w], typed = word.wholeOrTyped;
        // Whole: the word itself (any inflection) in the title or text; a part of a compound or
        // a completion of the word being typed finds the document, but ranks it after those.
        var inWhole = false, inPart = false;
        for (var t = 0; t < typed.length; t++) {
          var term = typed[t], mask = hit.fields(term);
          if (!mask) continue;
          if (mask & partBit) { inPart = true; if (parts.indexOf(term) < 0) parts.push(term); }
          if (mask & ~partBit) {
            if (t < word.terms.length) inWhole = true; else inPart = true;
            if (terms.indexOf(term) < 0) terms.push(term);
          }
        }
        // A compound of the query found by its parts: all of them must be there.
        if (!inWhole && !inPart && word.parts.length && word.parts.every(function (part) { return hit.fields(part); })) {
          inPart = true;
          word.parts.forEach(function (part) { if (terms.indexOf(part) < 0) terms.push(part); });
        }
        if (word.optional) continue;
        required += 1;
        if (inWhole || inPart) found += 1;
        if (inWhole) whole += 1;
      }
      // The result itself becomes the hit: one object per matching document, not two.
      hit.order = order;
      hit.found = found;
      hit.whole = whole;
      hit.all = found === required;
      hit.terms = terms;
      hit.parts = parts;
      hit.phrase = true;
      hits.push(hit);
    }
    hits.sort(function (a, b) { return b.found - a.found || b.whole - a.whole || a.order - b.order; });
    var phrases = groups.filter(function (group) { return group.phrase; });
    var checked = phrases.length ? this.checkPhrases(hits, phrases) : Promise.resolve(hits);
    return checked.then(function (ordered) {
      if (filters.sort === "date") {
        // Newest first among those with the most words; the rest after, newest first too.
        ordered.sort(function (a, b) { return b.found - a.found || b.id - a.id; });
      }
      var unmatched = words.filter(function (word) { return !word.matched && !word.optional; });
      return { hits: ordered, total: ordered.length, words: words, unmatched: unmatched, corrected: null };
    });
  };

  /**
   * Keep, of the documents holding every word of a phrase, those whose title or text has the
   * words side by side (in the PHRASE_CHECKS best; the text of the rest is not fetched and they
   * follow, unchecked). A document's chunk holds only part of a long text (its excerpt source,
   * with GAP where text was left out): one without the phrase in that part follows the checked
   * ones, unchecked. Documents without all its words go.
   */
  Engine.prototype.checkPhrases = function (hits, phrases) {
    var self = this;
    var candidates = hits.filter(function (hit) { return hit.all; });
    var checked = candidates.slice(0, PHRASE_CHECKS), rest = candidates.slice(PHRASE_CHECKS);
    return this.documents(checked.map(function (hit) { return hit.id; })).then(function (docs) {
      var kept = [], unsure = [];
      checked.forEach(function (hit, i) {
        var text = docs[i].title + " \u2029 " + docs[i].text;
        if (phrases.every(function (group) { return self.hasPhrase(text, group.words); })) kept.push(hit);
        else if (GAP_WORD.test(docs[i].text)) unsure.push(hit);
      });
      return kept.concat(unsure, rest);
    });
  };

  /** Whether `words` stand side by side in `text`, each as itself or as its index term. */
  Engine.prototype.hasPhrase = function (text, words) {
    var self = this, wanted = words.map(function (raw) { return self.forms(raw); });
    var tokens = text.split(SEPARATOR).map(function (raw) { return self.forms(raw); });
    for (var start = 0; start + wanted.length <= tokens.length; start++) {
      var all = true;
      for (var w = 0; w < wanted.length && all; w++) {
        all = wanted[w].some(function (form) { return tokens[start + w].indexOf(form) >= 0; });
      }
      if (all) return true;
    }
    return false;
  };

  Engine.prototype.forms = function (raw) {
    var forms = [this.trimmed(raw)];
    this.termsOf(raw).forEach(function (term) { if (forms.indexOf(term) < 0) forms.push(term); });
    return forms.filter(Boolean);
  };

  /* ---- a compound in the query: its parts written apart ---- */

  /** Query words this long may be compounds; one that few documents hold whole is split. */
  var MIN_COMPOUND_LETTERS = 8;
  var FEW_DOCUMENTS = 10;

  /**
   * Search again with the parts of each long query word that few documents hold whole
   * (samverkansavtal: also "samverkan ... avtal"), from the index's vocabulary (words.txt.gz,
   * fetched only then). The parts are index terms: a part is a term, or a word whose Swedish
   * stem is one (verksamhet: verksam), a linking letter after it (s, or a vowel the build skips
   * too: kyrk-o-gård) is skipped; the cut into the fewest parts wins, then the longest first part.
   */
  Engine.prototype.withCompoundParts = function (groups, filters, result) {
    var self = this, sv = (this.languages || {}).sv || this.lunr.swedish;
    var long = result.words.filter(function (word) {
      return !word.optional && word.wholeDocuments < FEW_DOCUMENTS &&
        Array.from(self.trimmed(word.raw)).length >= MIN_COMPOUND_LETTERS;
    });
    if (!long.length || !sv || (this.manifest.languages || ["sv"]).indexOf("sv") < 0) return Promise.resolve(result);
    return this.vocabulary().then(function (vocabulary) {
      var known = new Set(vocabulary), splits = new Map();
      long.forEach(function (word) {
        var parts = splitCompound(sv.term(word.raw) || self.trimmed(word.raw), known, sv.stem);
        if (parts.length > 1) splits.set(word.raw, parts);
      });
      if (!splits.size) return result;
      return self.findGroups(groups, filters, splits).then(function (split) {
        return split.total >= result.total ? split : result;
      });
    });
  };

  /** The letters the build's split (compounds.py) skips between two parts (kyrk-o-gård), unless the part ends in it. */
  var LINKING = "saeuo";

  /** `term` cut into index terms (see withCompoundParts), or [] when it cannot be. */
  function splitCompound(term, known, stem) {
    var letters = Array.from(term), n = letters.length, best = null;
    function partTerm(part) {
      if (part.length < 3) return "";
      if (known.has(part)) return part;
      var stemmed = stem(part);
      return stemmed.length >= 3 && known.has(stemmed) ? stemmed : "";
    }
    function cut(start, parts) {
      if (parts.length > 3) return;
      var rest = letters.slice(start).join(""), whole = parts.length ? partTerm(rest) : "";
      if (whole) {
        var found = parts.concat([whole]);
        if (!best || found.length < best.length) best = found;
        return;
      }
      for (var end = n - 3; end >= start + 3; end--) {
        var part = partTerm(letters.slice(start, end).join(""));
        if (!part) continue;
        cut(end, parts.concat([part]));
        if (LINKING.indexOf(letters[end]) >= 0 && letters[end - 1] !== letters[end] && end + 1 <= n - 3) {
          cut(end + 1, parts.concat([part]));
        }
      }
    }
    cut(0, []);
    return best && best.length > 1 ? best.filter(function (t, i) { return best.indexOf(t) === i; }) : [];
  }

  /* ---- nothing found: accents, then "did you mean" ---- */

  /** words.txt.gz: every index term (loaded only when a query finds nothing). */
  Engine.prototype.vocabulary = function () {
    var self = this;
    return cached(this.chunks, "words", function () {
      return self.load("words.txt.gz").then(function (bytes) {
        var text = decoder.decode(bytes);
        return text ? text.split("\n") : [];
      });
    });
  };

  var FOLDED = { "æ": "ae", "ø": "o", "œ": "oe", "ß": "ss", "đ": "d", "ł": "l", "þ": "th" };

  /** A word without its accents: "umeå" is "umea", "café" "cafe". */
  function fold(word) {
    return word.normalize("NFD").replace(/\p{M}+/gu, "").replace(/[æøœßđłþ]/g, function (c) { return FOLDED[c]; });
  }

  /** Damerau-Levenshtein distance of a and b, or limit + 1 once it is certain to exceed limit. */
  function distance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    var previous2 = null, previous = [], row, i, j;
    for (j = 0; j <= b.length; j++) previous.push(j);
    for (i = 1; i <= a.length; i++) {
      row = [i];
      var best = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var value = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost);
        if (previous2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          value = Math.min(value, previous2[j - 2] + 1);
        }
        row.push(value);
        if (value < best) best = value;
      }
      if (best > limit) return limit + 1;
      previous2 = previous;
      previous = row;
    }
    return previous[b.length];
  }

  /** How many letters a word may be off for "did you mean": more for longer words. */
  function allowedEdits(word) {
    return word.length <= 4 ? 1 : 2;
  }

  /**
   * The query again with each word that matched nothing replaced: by an index term that is the
   * same word without accents, else by the nearest index term (most documents on a tie).
   * Resolves to a find() result with corrected = {kind: "accents"|"spelling", from, to}, or null.
   */
  Engine.prototype.corrected = function (groups, filters, only) {
    var self = this;
    return this.vocabulary().then(function (vocabulary) {
      var replacements = [], kind = "accents";
      groups.forEach(function (group, g) {
        group.words.forEach(function (raw, w) {
          var word = self.trimmed(raw), terms = self.termsOf(raw);
          if (!word || (only && !only.has(raw)) || self.isStopWord(raw)) return;
          var folded = fold(word), foldedTerms = terms.map(fold), accents = [], near = [];
          var limit = allowedEdits(word);
          vocabulary.forEach(function (term) {
            var f = fold(term);
            if (f === folded || foldedTerms.indexOf(f) >= 0) { if (terms.indexOf(term) < 0) accents.push(term); return; }
            // Off by letters from the word as typed, or from its stem in one of the languages.
            var d = distance(word, term, limit);
            terms.forEach(function (stem) { d = Math.min(d, distance(stem, term, limit)); });
            if (d <= limit) near.push({ term: term, d: d, length: Math.abs(term.length - word.length) });
          });
          if (accents.length) replacements.push({ g: g, w: w, terms: accents, kind: "accents" });
          else if (near.length) {
            var least = Math.min.apply(null, near.map(function (n) { return n.d; }));
            var closest = near.filter(function (n) { return n.d === least; });
            closest.sort(function (a, b) { return a.length - b.length || (a.term < b.term ? -1 : 1); });
            replacements.push({ g: g, w: w, terms: closest.map(function (n) { return n.term; }), kind: "spelling" });
          }
        });
      });
      if (!replacements.length) return null;
      if (replacements.some(function (r) { return r.kind === "spelling"; })) kind = "spelling";
      return self.mostFrequent(replacements).then(function () {
        var fixed = groups.map(function (group) {
          return { words: group.words.slice(), phrase: group.phrase, quoted: true };
        });
        replacements.forEach(function (r) { fixed[r.g].words[r.w] = r.best; });
        return self.findGroupsExact(fixed, filters).then(function (result) {
          if (!result.total) return null;
          return self.writtenAs(replacements.map(function (r) { return r.best; }), result.hits.slice(0, 3))
            .then(function (written) {
              replacements.forEach(function (r, i) { fixed[r.g].words[r.w] = written[i]; });
              result.corrected = { kind: kind, from: groups.map(function (g) { return g.words.join(" "); }).join(" "),
                to: fixed.map(function (g) { return g.words.join(" "); }).join(" ") };
              return result;
            });
        });
      });
    });
  };

  /**
   * Each of `terms` as a word the found documents write (an index term is a stem: "vism" is
   * shown as "visma"), lower case; the term itself when none of them writes it.
   */
  Engine.prototype.writtenAs = function (terms, hits) {
    var self = this;
    return this.documents(hits.map(function (hit) { return hit.id; })).then(function (docs) {
      return terms.map(function (term) {
        for (var d = 0; d < docs.length; d++) {
          var words = (docs[d].title + " " + docs[d].text).split(SEPARATOR);
          for (var w = 0; w < words.length; w++) {
            if (self.termsOf(words[w]).indexOf(term) >= 0) return self.trimmed(words[w]);
          }
        }
        return term;
      });
    });
  };

  /** For each replacement, its candidate held by the most documents (their shards are loaded). */
  Engine.prototype.mostFrequent = function (replacements) {
    var self = this;
    return Promise.all(replacements.map(function (r) {
      var candidates = r.terms.slice(0, 12);
      var numbers = self.shardsFor(candidates.map(function (t) { return [t, t]; }));
      return Promise.all(numbers.map(function (n) { return self.shard(n); })).then(function (shards) {
        var df = new Map();
        shards.forEach(function (shard) {
          shard.forEach(function (record) { df.set(record.term, documentFrequency(record)); });
        });
        candidates.sort(function (a, b) { return (df.get(b) || 0) - (df.get(a) || 0) || (a < b ? -1 : 1); });
        r.best = candidates[0];
      });
    }));
  };

  /** findGroups for words that are index terms already (a correction): no stemming again. */
  Engine.prototype.findGroupsExact = function (groups, filters) {
    var self = this, saved = this.termsOf;
    var exact = new Set();
    groups.forEach(function (group) { group.words.forEach(function (word) { exact.add(word); }); });
    this.termsOf = function (raw) { return exact.has(raw) ? [raw] : saved.call(self, raw); };
    var restore = function (value) { self.termsOf = saved; return value; };
    return this.findGroups(groups, filters).then(restore, function (error) { restore(); throw error; });
  };

  /* ---- documents ---- */

  /**
   * The chunk holding document `id` and its place there: chunk n holds manifest.chunks[n]
   * documents (a base-36 digit: a meeting's, or part of a long meeting's), from the sum of the
   * sizes before it.
   */
  Engine.prototype.chunkOf = function (id) {
    var starts = this.chunkStarts;
    if (!starts) {
      var sizes = this.manifest.chunks, at = 0;
      starts = this.chunkStarts = new Int32Array(sizes.length + 1);
      for (var n = 0; n < sizes.length; n++) starts[n + 1] = at += parseInt(sizes[n], 36);
    }
    var low = 0, high = starts.length - 2;
    while (low < high) {  // the last chunk starting at or before id
      var middle = (low + high + 1) >> 1;
      if (starts[middle] <= id) low = middle; else high = middle - 1;
    }
    return [low, id - starts[low]];
  };

  /** The stored records of documents `ids`, in that order, fetching only their chunks. */
  Engine.prototype.documents = function (ids) {
    var self = this;
    return Promise.all(ids.map(function (id) {
      var place = self.chunkOf(id), number = place[0];
      return cached(self.chunks, number, function () {
        return self.load("docs/" + number + ".json.gz").then(json);
      }).then(function (chunk) {
        var row = chunk[place[1]], body = self.manifest.bodies[row[1]];
        return {
          id: id, url: row[0], body: body[0], bodyName: body[1], date: row[2], status: row[3],
          number: row[4], title: row[5], text: row[6],
        };
      });
    }));
  };

  /* ---- excerpts ---- */

  var TOKEN = /[^\s\-\u2010-\u2015\u2212\ufe58\ufe63\uff0d]+/gu;
  var EDGE = /^[^\p{L}\p{N}]*|[^\p{L}\p{N}]*$/gu;
  /** Where the build left text out of a long item's excerpt source (chunks.GAP, a word of its own). */
  var GAP = "\u2026";
  var GAP_WORD = /(^|\s)\u2026(\s|$)/;

  /**
   * Split `text` into [{text, mark}] segments, marking every word whose index term is in
   * `terms` (so "avtalet" is marked for a query "avtal"), or holds one of `parts` (a compound
   * found by its part: "samverkansavtal" for "avtal"). `termOf` maps a raw token to its index
   * term, or to a list of them (one per language of the index). With maxWords, keep the
   * sentence with the most marked words (cut to maxWords around them, or with the next sentence
   * when it is short), with "…" where text was cut; a GAP word of the text ends a sentence, and
   * no excerpt reaches across it. With no marked word, the first sentence.
   */
  function highlight(text, terms, termOf, maxWords, parts) {
    var wanted = new Set(terms), pieces = (parts || []).filter(function (p) { return p.length >= 3; });
    var tokens = [], match;
    function marked(core) {
      if (!core) return false;
      var found = termOf(core), list = Array.isArray(found) ? found : [found];
      return list.some(function (term) {
        return wanted.has(term) || pieces.some(function (piece) { return term.indexOf(piece) >= 0; });
      });
    }
    TOKEN.lastIndex = 0;
    while ((match = TOKEN.exec(text)) !== null) {
      var raw = match[0], core = raw.replace(EDGE, "");
      var lead = core ? raw.indexOf(core) : 0;
      tokens.push({
        start: match.index, end: match.index + raw.length,
        markStart: match.index + lead, markEnd: match.index + lead + core.length,
        mark: marked(core), sentenceEnd: /[.!?]["”’)]*$/.test(raw), gap: raw === GAP,
      });
    }
    var first = 0, last = tokens.length;
    if (maxWords && tokens.length > maxWords) {
      var window = bestSentence(tokens, maxWords);
      first = window[0];
      last = window[1];
    }
    var segments = [], position = first < tokens.length ? tokens[first].start : text.length;
    var end = last > 0 && last <= tokens.length ? tokens[last - 1].end : text.length;
    if (first > 0) segments.push({ text: "…", mark: false });
    for (var t = first; t < last; t++) {
      if (!tokens[t].mark) continue;
      if (tokens[t].markStart > position) segments.push({ text: text.slice(position, tokens[t].markStart), mark: false });
      segments.push({ text: text.slice(tokens[t].markStart, tokens[t].markEnd), mark: true });
      position = tokens[t].markEnd;
    }
    if (end > position) segments.push({ text: text.slice(position, end), mark: false });
    if (last < tokens.length) segments.push({ text: "…", mark: false });
    return segments;
  }

  /** [first, end) tokens of the sentence with the most marks, fitted to maxWords words. */
  function bestSentence(tokens, maxWords) {
    var sentences = [], start = 0;  // [first, end, whether a GAP follows]
    tokens.forEach(function (token, i) {
      if (token.gap) {
        if (i > start) sentences.push([start, i, true]);
        else if (sentences.length) sentences[sentences.length - 1][2] = true;
        start = i + 1;
      } else if (token.sentenceEnd || i === tokens.length - 1) {
        sentences.push([start, i + 1, false]);
        start = i + 1;
      }
    });
    if (!sentences.length) return [0, 0];
    var best = 0, bestMarks = -1;
    sentences.forEach(function (sentence, n) {
      var marks = 0;
      for (var i = sentence[0]; i < sentence[1]; i++) if (tokens[i].mark) marks++;
      if (marks > bestMarks) { best = n; bestMarks = marks; }
    });
    var first = sentences[best][0], last = sentences[best][1];
    // A short sentence takes the next ones along, up to maxWords (not across a GAP).
    for (var next = best + 1; next < sentences.length && sentences[next][1] - first <= maxWords; next++) {
      if (last - first >= maxWords / 2 || sentences[next - 1][2]) break;
      last = sentences[next][1];
    }
    if (last - first <= maxWords) return [first, last];
    // A long sentence: the window of maxWords words with the most marks, from a few words before its first.
    var top = first, topCount = -1, count = 0;
    for (var i = first; i < last; i++) {
      if (tokens[i].mark) count++;
      if (i - first >= maxWords && tokens[i - maxWords].mark) count--;
      if (i - first >= maxWords - 1 && count > topCount) { topCount = count; top = i - maxWords + 1; }
    }
    var firstMark = top;
    while (firstMark < top + maxWords && !tokens[firstMark].mark) firstMark++;
    var from = firstMark < top + maxWords ? Math.max(first, firstMark - 5) : top;
    return [from, Math.min(last, from + maxWords)];
  }

  return {
    Engine: Engine,
    SearchError: SearchError,
    decodeShard: decodeShard,
    thousandths: thousandths,
    exactIdf: exactIdf,
    highlight: highlight,
    fold: fold,
    distance: distance,
    parseWords: parseWords,
    splitCompound: splitCompound,
    MAX_SHARDS: MAX_SHARDS,
  };
});
