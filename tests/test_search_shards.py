"""Term records: the codes of a big record (one carrying field lengths) decode to what was
encoded, in Python (shards.decode_body, shard_records) and in the browser (engine.decodeShard)."""

from __future__ import annotations

import gzip
import json
import random
from array import array
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.search import shards
from generator.search.scoring import utf16_key
from generator.search.shards import (
    decode_body, encode_body, encode_term, first_terms, separators, shard_records, shortest_separator)
from generator.theme import ASSETS

NODE = shutil.which("node")


def _field(rng: random.Random, documents: int, density: float) -> tuple[list[int], list[int], list[int]]:
    docs = [doc for doc in range(documents) if rng.random() < density]
    counts = [rng.choice((1, 1, 1, 2, 2, 3, 4, 5, 17, 300)) for _ in docs]
    lengths = [rng.choice((0, 1, 200, 255, 256, 3000, 65535, 65536, 1 << 21)) for _ in docs]
    return docs, counts, lengths


def _records() -> list[tuple[int, int, int, list[list[int]], list[list[int]], list[list[int]] | None]]:
    """Records of every kind: dense fields (a bitmap), sparse ones (gaps), empty ones, a single
    posting, frequencies past the 2-bit codes, lengths of one, two and three bytes, plain records."""
    rng = random.Random(7)
    records = []
    for densities in ((0.0, 0.4, 0.9), (0.01, 0.2, 1.0), (0.05, 0.0, 0.13), (1.0, 1.0, 1.0)):
        fields = [_field(rng, 3000, density) for density in densities]
        docs, counts, lengths = (list(column) for column in zip(*fields))
        records.append((rng.randrange(3000), rng.randrange(100), rng.randrange(256), docs, counts, lengths))
        records.append((rng.randrange(3000), rng.randrange(100), rng.randrange(256), docs, counts, None))
    records.append((5, 0, 9, [[], [1234], []], [[], [3], []], [[], [70000], []]))
    records.append((5, 0, 9, [[], [1234, 1235], []], [[], [4, 1], []], [[], [1, 2], []]))
    return records


def _shard() -> tuple[bytes, list[tuple]]:
    records = _records()
    previous = b""
    parts = []
    for number, record in enumerate(records):
        term = f"term{number:03d}".encode()
        parts.append(encode_term(previous, term, encode_body(*record)))
        previous = term
    return shards.uint_bytes(len(records)) + b"".join(parts), records


def test_a_big_record_decodes_to_what_was_encoded() -> None:
    data, records = _shard()
    decoded = shard_records(data, 3)
    assert [term for term, _, _ in decoded] == [f"term{number:03d}" for number in range(len(records))]
    assert [decode_body(body, 3) for _, _, body in decoded] == records


def test_a_dense_field_is_a_bitmap_and_a_sparse_one_gaps() -> None:
    rng = random.Random(3)
    dense, sparse = _field(rng, 5000, 0.5), _field(rng, 5000, 0.02)
    record = encode_body(0, 0, 0, [dense[0], sparse[0]], [dense[1], sparse[1]], [dense[2], sparse[2]])
    ends = record.translate(shards._VARINT_ENDS)
    flagged, start = shards.read_uint(record, 3)
    assert flagged == len(dense[0]) * 2 + 1
    first, offset = shards.read_uint(record, start)
    size, offset = shards.read_uint(record, offset)
    assert (first, size) == (dense[0][0], (dense[0][-1] - dense[0][0]) // 8 + 1)
    offset = shards._skip_big_postings(record, ends, start, flagged)
    assert shards.read_uint(record, offset)[0] == len(sparse[0]) * 2


def test_a_term_frequency_below_one_is_refused() -> None:
    with pytest.raises(ValueError):
        encode_body(0, 0, 0, [[1]], [[0]], [[5]])


# argv: assets dir, shard file. Prints the decoded records.
DECODE_SCRIPT = r"""
const fs = require("fs"), path = require("path");
const [assets, shardPath] = process.argv.slice(2);
const { decodeShard } = require(path.join(assets, "search/engine.js"));
const records = decodeShard(new Uint8Array(fs.readFileSync(shardPath)), 3);
process.stdout.write(JSON.stringify(records.map((r) => ({
  term: r.term, ids: r.fields.map((f) => f.ids), tfs: r.fields.map((f) => f.tfs),
  lengths: r.fields.map((f) => f.lengths),
}))));
"""


@pytest.mark.skipif(NODE is None, reason="node is needed to run engine.js")
def test_the_browser_decodes_a_big_record_as_python_does(tmp_path: Path) -> None:
    data, records = _shard()
    (tmp_path / "shard.bin").write_bytes(data)
    (tmp_path / "decode.js").write_text(DECODE_SCRIPT, encoding="utf-8")
    output = subprocess.run([NODE, str(tmp_path / "decode.js"), str(Path(ASSETS)), str(tmp_path / "shard.bin")],
                            check=True, capture_output=True, text=True).stdout
    decoded = json.loads(output)
    assert [row["ids"] for row in decoded] == [record[3] for record in records]
    assert [row["tfs"] for row in decoded] == [record[4] for record in records]
    assert [row["lengths"] for row in decoded] == [
        record[5] if record[5] is not None else [None] * 3 for record in records]


def test_separators_lie_between_shards_and_lead_back_to_first_terms() -> None:
    # in UTF-16 order "\U0001f600" (surrogates) sorts before "\uffff", unlike code point order
    words = sorted(["avtal", "avtalet", "avtalen", "b", "bo", "bokslut", "ö", "\uffff", "\U0001f600x", "\U0001f600y"],
                   key=utf16_key)
    firsts = ["avtal", "avtalet", "bokslut", "\U0001f600y", "\uffff"]
    listed = separators(words, firsts)
    assert listed == ["", "avtalet", "bok", "\U0001f600y", "\uffff"]
    for separator, first in zip(listed, firsts):
        before = words[words.index(first) - 1] if words.index(first) else None
        assert utf16_key(separator) <= utf16_key(first)
        assert before is None or utf16_key(before) < utf16_key(separator)
    assert first_terms(words, listed) == firsts
    assert shortest_separator("avtal", "avtalen") == "avtale"
    with pytest.raises(ValueError):  # a words.txt that is not the index's
        first_terms(words, ["avtalx"])


def test_a_shard_file_unpacks_to_its_bytes() -> None:
    """A shard of one big record is packed block by block (shards.shard_file); any shard unpacks
    to its bytes, and the same bytes give the same file."""
    for record in _records():
        payload = shards.uint_bytes(1) + encode_term(b"", b"avtal", encode_body(*record))
        packed = shards.shard_file(payload, 3)
        assert gzip.decompress(packed) == payload and packed == shards.shard_file(payload, 3)
        assert (shards._big_record_streams(payload, 3) is None) == (record[5] is None)
    data, _ = _shard()
    assert shards._big_record_streams(data, 3) is None and gzip.decompress(shards.shard_file(data, 3)) == data


def test_postings_as_arrays_encode_as_lists() -> None:
    """The writer passes postings as array('I') (scoring.TermPostings): the same bytes as lists."""
    for first, position, idf_low, docs, counts, lengths in _records():
        as_arrays = [array("I", field) for field in docs], [array("I", field) for field in counts]
        assert encode_body(first, position, idf_low, *as_arrays, lengths) == encode_body(
            first, position, idf_low, docs, counts, lengths)
