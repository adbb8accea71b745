"""The sharded index ranks exactly as one lunr index over the same documents.

The reference is a lunr.py index built with the same Swedish pipeline, serialized and loaded
whole by lunr.js; the sharded index is queried through assets/search/engine.js, which loads only
the shards of each query's terms. Both run in node; the top 20 (refs and scores) must be equal, on a small archive of real and
synthetic items and on 1,000 synthetic meetings.
"""

from __future__ import annotations

import gzip
import json
import math
import random
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from generator.search.pipeline import swedish_builder
from generator.search.scoring import low_byte
from fixtures.search_sample import SAMPLE_DOCUMENTS
from fixtures.search_synthetic import synthetic_documents
from generator.search.writer import FIELDS, IndexSettings, document_order, field_values, write_index
from generator.theme import ASSETS

REPO = Path(__file__).resolve().parent.parent
NODE = shutil.which("node")

pytestmark = pytest.mark.skipif(NODE is None, reason="node is needed to run lunr.js")

QUERIES = [
    "avtalet", "beslutade", "kommunchef*", "avtal beslut", "+avtal -visma", "title:budget",
    "kommun*", "-avtal", "visma upphandling", "flyktingmottagning", "k*", "avtal~1", "*ning",
    "+title:flyktingmottagning kommunen", "budget^10 kostnader", "regionrådet information möte",
    "workshop café", "2017", "Brottsofferjouren", "nolia", "ordförande sekreterare justerare",
    "ingenting_som_finns", "+finns_inte avtal", "s*", "över",
]

# argv: assets dir, sharded index dir, reference index JSON, queries JSON.
NODE_SCRIPT = r"""
const fs = require("fs"), zlib = require("zlib"), path = require("path");
const [assets, dir, referencePath, queriesPath] = process.argv.slice(1);
const lunr = require(path.join(assets, "vendor/lunr/lunr.js"));
require(path.join(assets, "search/stemmer-sv.js"))(lunr);
const { Engine } = require(path.join(assets, "search/engine.js"));
const loaded = [];
const load = (file) => {
  loaded.push(file);
  return Promise.resolve(new Uint8Array(zlib.gunzipSync(fs.readFileSync(path.join(dir, file)))));
};
const engine = new Engine({ lunr, load, maxShards: Infinity });
const reference = lunr.Index.load(JSON.parse(fs.readFileSync(referencePath, "utf8")));
(async () => {
  const rows = [];
  for (const q of JSON.parse(fs.readFileSync(queriesPath, "utf8"))) {
    loaded.length = 0;
    const sharded = await engine.search(q, {});
    const full = reference.search(q);
    rows.push({
      q, shards: loaded.filter((f) => f.startsWith("terms/")).length,
      sharded: sharded.hits.slice(0, 20).map((h) => [h.id, h.score]), shardedTotal: sharded.total,
      full: full.slice(0, 20).map((r) => [r.ref, r.score]), fullTotal: full.length,
    });
  }
  process.stdout.write(JSON.stringify(rows));
})().catch((e) => { console.error(e); process.exit(1); });
"""


def reference_index(documents) -> dict:
    builder = swedish_builder()
    builder.ref("id")
    for field in FIELDS:
        builder.field(field.name, boost=field.boost)
    for document in documents:
        builder.add({"id": document.ref, **dict(zip((field.name for field in FIELDS), field_values(document)))})
    return builder.build().serialize()


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory):
    documents = document_order([*synthetic_documents(40, seed=11), *SAMPLE_DOCUMENTS])
    folder = tmp_path_factory.mktemp("ranking")
    (folder / "reference.json").write_text(json.dumps(reference_index(documents)), encoding="utf-8")
    (folder / "queries.json").write_text(json.dumps(QUERIES), encoding="utf-8")
    return documents, folder


def run(folder: Path, index_dir: Path) -> list[dict]:
    result = subprocess.run(
        [NODE, "-e", NODE_SCRIPT, str(ASSETS), str(index_dir), str(folder / "reference.json"),
         str(folder / "queries.json")],
        capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("shard_bytes,inline", [(12_000, False), (300, False), (300, True)],
                         ids=["default-shards", "tiny-shards", "tiny-shards-with-lengths"])
def test_top_20_equals_one_lunr_index(archive, shard_bytes: int, inline: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """With `inline`, every big term carries its documents' field lengths (as an index of many
    documents does for its commonest terms), and the browser weighs with those."""
    documents, folder = archive
    if inline:
        from generator.search import shards

        monkeypatch.setattr(shards, "INLINE_SHARE", 0.0)
        monkeypatch.setattr(shards, "INLINE_MIN_DOCUMENTS", 0)
    out = folder / f"site-{shard_bytes}-{inline}"
    write_index(documents, out, IndexSettings(shard_bytes=shard_bytes))
    if inline:
        from generator.search.shards import shard_records

        flagged = [body[0] & 1 for shard in (out / "search" / "terms").iterdir()
                   for _, _, body in shard_records(gzip.decompress(shard.read_bytes()), len(FIELDS))]
        assert 0 < sum(flagged) < len(flagged)
    refs = [document.ref for document in documents]
    for row in run(folder, out / "search"):
        sharded = [[refs[doc_id], score] for doc_id, score in row["sharded"]]
        assert sharded == row["full"], row["q"]
        assert row["shardedTotal"] == row["fullTotal"], row["q"]


@pytest.fixture(scope="session")
def large_archive(tmp_path_factory: pytest.TempPathFactory):
    """1,000 synthetic meetings (about 10,000 items): the lunr.py reference takes some seconds
    to build, so it is built once per test session."""
    documents = document_order(synthetic_documents(1000, seed=11))
    folder = tmp_path_factory.mktemp("ranking-1000")
    (folder / "reference.json").write_text(json.dumps(reference_index(documents)), encoding="utf-8")
    (folder / "queries.json").write_text(json.dumps(QUERIES), encoding="utf-8")
    write_index(documents, folder / "site")
    return documents, folder


def test_top_20_equals_one_lunr_index_at_1000_meetings(large_archive) -> None:
    documents, folder = large_archive
    refs = [document.ref for document in documents]
    rows = run(folder, folder / "site" / "search")
    assert sum(row["fullTotal"] for row in rows) > 10_000
    for row in rows:
        sharded = [[refs[doc_id], score] for doc_id, score in row["sharded"]]
        assert sharded == row["full"], row["q"]
        assert row["shardedTotal"] == row["fullTotal"], row["q"]


def test_a_word_query_loads_one_shard(archive) -> None:
    documents, folder = archive
    out = folder / "site-small"
    write_index(documents, out, IndexSettings(shard_bytes=300))
    rows = {row["q"]: row for row in run(folder, out / "search")}
    assert rows["avtalet"]["shards"] == 1
    assert rows["avtal beslut"]["shards"] <= 2
    assert rows["kommunchef*"]["fullTotal"] > 0


# argv: assets dir, cases JSON. Prints the engine's thousandths and exact idfs.
WEIGHT_SCRIPT = r"""
const fs = require("fs"), path = require("path");
const [assets, casesPath] = process.argv.slice(1);
const { thousandths, exactIdf } = require(path.join(assets, "search/engine.js"));
const cases = JSON.parse(fs.readFileSync(casesPath, "utf8"));
process.stdout.write(JSON.stringify({
  thousandths: cases.scores.map(thousandths),
  idfs: cases.idfs.map(([approximate, low]) => exactIdf(approximate, low)),
}));
"""


def _shift(value: float, ulps: int) -> float:
    bits = struct.unpack("<q", struct.pack("<d", value))[0]
    return struct.unpack("<d", struct.pack("<q", bits + ulps))[0]


def test_browser_rounds_and_recovers_idf_exactly(tmp_path: Path) -> None:
    """engine.js computes lunr's weights in the browser: its rounding must be Python's round(x, 3)
    (exact value, ties to even) and its idf the exact double, whatever Math.log returns."""
    rng = random.Random(3)
    scores = [rng.uniform(0, 40) for _ in range(20_000)]
    scores += [(k + 0.5) / 1000 for k in range(0, 40_000, 7)]  # near ties, as doubles
    scores += [k / 16 for k in range(0, 640)]  # exact dyadic values, some exact ties (0.0625)
    scores += [_shift((k + 0.5) / 1000, d) for k in range(1, 5000, 13) for d in (-2, -1, 1, 2)]
    idfs = [math.log(1 + rng.uniform(0, 1e5)) for _ in range(5_000)] + [math.log(2), 1e-300, 1.0]
    approximations = [[_shift(v, rng.randint(-100, 100)), low_byte(v)] for v in idfs]
    cases = tmp_path / "cases.json"
    cases.write_text(json.dumps({"scores": scores, "idfs": approximations}), encoding="utf-8")
    result = subprocess.run([NODE, "-e", WEIGHT_SCRIPT, str(ASSETS), str(cases)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    computed = json.loads(result.stdout)
    assert computed["thousandths"] == [round(round(s, 3) * 1000) for s in scores]
    assert computed["idfs"] == idfs


# argv: assets dir, sharded index dir, reference index JSON, clause lists JSON ([[term, boost], ...] each).
SCORE_SCRIPT = r"""
const fs = require("fs"), zlib = require("zlib"), path = require("path");
const [assets, dir, referencePath, casesPath] = process.argv.slice(1);
const lunr = require(path.join(assets, "vendor/lunr/lunr.js"));
require(path.join(assets, "search/stemmer-sv.js"))(lunr);
const { Engine } = require(path.join(assets, "search/engine.js"));
const load = (file) => Promise.resolve(new Uint8Array(zlib.gunzipSync(fs.readFileSync(path.join(dir, file)))));
const engine = new Engine({ lunr, load, maxShards: Infinity });
const reference = lunr.Index.load(JSON.parse(fs.readFileSync(referencePath, "utf8")));
(async () => {
  await engine.init();
  const rows = [];
  for (const clauses of JSON.parse(fs.readFileSync(casesPath, "utf8"))) {
    const byTerm = new Map();
    for (const [term] of clauses) {
      const shard = await engine.shard(engine.shardOf(term));
      const record = shard.find((r) => r.term === term);
      if (record) byTerm.set(term, record);
    }
    await engine.weigh(Array.from(byTerm.values()));
    const ours = engine.score(byTerm, clauses);
    const full = reference.query((q) => clauses.forEach(([term, boost]) => q.term(term, { usePipeline: false, boost })));
    rows.push({ ours: ours.map((r) => [r.id, r.score]), full: full.map((r) => [r.ref, r.score]) });
  }
  process.stdout.write(JSON.stringify(rows));
})().catch((e) => { console.error(e); process.exit(1); });
"""


def clause_lists(reference: dict, count: int, seed: int) -> list[list[list]]:
    """Random queries of the kind the search page makes: words, completions (boost 0.5) and
    compound parts (0.3), common and rare terms, a term twice, a term the index lacks."""
    import random

    rng = random.Random(seed)
    terms = sorted(term for term, _ in reference["invertedIndex"])
    common = sorted(terms, key=lambda term: -sum(len(docs) for field, docs in dict(reference["invertedIndex"])[term].items()
                                                 if field != "_index"))[:40]
    cases = []
    for number in range(count):
        clauses = []
        for _ in range(rng.randint(1, 6)):
            term = rng.choice(common if rng.random() < 0.5 else terms)
            clauses.append([term, rng.choice([1, 1, 0.5, 0.3])])
        if number % 5 == 0:
            clauses.append(list(clauses[0]))
        if number % 7 == 0:
            clauses.append(["finnsintealls", 1])
        cases.append(clauses)
    return cases


def assert_scores_equal_lunr(folder: Path, index_dir: Path, refs: list[str], cases: list[list[list]]) -> None:
    (folder / "clauses.json").write_text(json.dumps(cases), encoding="utf-8")
    result = subprocess.run([NODE, "-e", SCORE_SCRIPT, str(ASSETS), str(index_dir), str(folder / "reference.json"),
                             str(folder / "clauses.json")], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert sum(len(row["full"]) for row in rows) > 20 * len(rows)
    assert len({score for row in rows for _, score in row["full"]}) > 100
    for clauses, row in zip(cases, rows):
        assert [[refs[doc_id], score] for doc_id, score in row["ours"]] == row["full"], clauses


def test_the_pages_scorer_equals_one_lunr_index(archive) -> None:
    """engine.score, which ranks the search page's queries without building a lunr.Index,
    returns what lunr.js's query over one index of the whole archive returns: every result,
    in the same order, with the same scores."""
    documents, folder = archive
    out = folder / "site-scorer"
    from generator.search import shards

    with pytest.MonkeyPatch.context() as patch:  # field lengths in the big terms' records too
        patch.setattr(shards, "INLINE_SHARE", 0.0)
        patch.setattr(shards, "INLINE_MIN_DOCUMENTS", 0)
        write_index(documents, out, IndexSettings(shard_bytes=300))
    reference = json.loads((folder / "reference.json").read_text(encoding="utf-8"))
    assert_scores_equal_lunr(folder, out / "search", [d.ref for d in documents], clause_lists(reference, 60, 3))


def test_the_pages_scorer_equals_one_lunr_index_at_1000_meetings(large_archive) -> None:
    documents, folder = large_archive
    reference = json.loads((folder / "reference.json").read_text(encoding="utf-8"))
    assert_scores_equal_lunr(folder, folder / "site" / "search", [d.ref for d in documents],
                             clause_lists(reference, 40, 5))
