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
      var record = { term: decoder.decode(termBytes), index: uint() * ORDER_POSITIONS + uint(), idfLow: uint(),
        fields: [] };
      for (var f = 0; f < fieldCount; f++) {
        var n = uint(), ids = new Array(n), tfs = new Array(n), id = 0, i;
        for (i = 0; i < n; i++) { id += uint(); ids[i] = id; }
        for (i = 0; i < n; i++) tfs[i] = uint();
        record.fields.push({ ids: ids, tfs: tfs, weights: null });
      }
      records[r] = record;
    }
    return records;
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
        self.pipeline = self.lunr.Pipeline.load(self.manifest.pipeline);
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
        if (field.weights) return;
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
          var weights = new Array(field.ids.length);
          for (var i = 0; i < field.ids.length; i++) {
            var id = field.ids[i], tf = field.tfs[i];
            var length = byNumber.get(Math.floor(id / size))[(id % size) * fieldCount + f];
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

  /** The shard whose range holds `term`: the last one starting at or before it. */
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

  /* ---- documents ---- */

  /**
   * The chunk holding document `id` and its place there: chunk n holds manifest.chunks[n]
   * documents (a meeting's, or part of a long meeting's), from the sum of the sizes before it.
   */
  Engine.prototype.chunkOf = function (id) {
    var starts = this.chunkStarts;
    if (!starts) {
      var sizes = this.manifest.chunks, at = 0;
      starts = this.chunkStarts = new Int32Array(sizes.length + 1);
      for (var n = 0; n < sizes.length; n++) starts[n + 1] = at += sizes[n];
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

  /**
   * Split `text` into [{text, mark}] segments, marking every word whose index term is in
   * `terms` (so "avtalet" is marked for a query "avtal"). `termOf` maps a raw token to its
   * index term (lunr.swedish.term). With maxWords, keep only the window of that many words
   * holding the most marks, with "…" where text was cut.
   */
  function highlight(text, terms, termOf, maxWords) {
    var wanted = new Set(terms), tokens = [], match;
    TOKEN.lastIndex = 0;
    while ((match = TOKEN.exec(text)) !== null) {
      var raw = match[0], core = raw.replace(EDGE, "");
      var lead = core ? raw.indexOf(core) : 0;
      tokens.push({
        start: match.index, end: match.index + raw.length,
        markStart: match.index + lead, markEnd: match.index + lead + core.length,
        mark: core !== "" && wanted.has(termOf(core)),
      });
    }
    var first = 0, last = tokens.length;
    if (maxWords && tokens.length > maxWords) {
      var best = 0, bestCount = -1, count = 0;
      for (var i = 0; i < tokens.length; i++) {
        if (tokens[i].mark) count++;
        if (i >= maxWords && tokens[i - maxWords].mark) count--;
        var start = Math.max(0, i - maxWords + 1);
        if (i >= maxWords - 1 && count > bestCount) { bestCount = count; best = start; }
      }
      // Start a few words before the first mark of the window, for context.
      var firstMark = best;
      while (firstMark < best + maxWords && !tokens[firstMark].mark) firstMark++;
      first = firstMark < best + maxWords ? Math.max(0, firstMark - 5) : best;
      last = Math.min(tokens.length, first + maxWords);
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

  return {
    Engine: Engine,
    SearchError: SearchError,
    decodeShard: decodeShard,
    thousandths: thousandths,
    exactIdf: exactIdf,
    highlight: highlight,
    MAX_SHARDS: MAX_SHARDS,
  };
});
