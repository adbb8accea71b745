"""Term shards (search/terms/<n>.gz): the record format, its decoder, and where shards are cut.

A shard is a count and that many term records, in JavaScript string order (UTF-16 code units):

    shared, length, bytes   the term's UTF-8, front-coded against the previous term of the shard
    first document * 2 + inline, position, idf low byte
    per field: n, n document-id gaps, n term frequencies
    or, inline (a big record, carrying field lengths): per field its ids (a bitmap if dense) and
    2-bit term frequencies, then the fields' lengths (high parts, then low bytes)

unsigned LEB128 varints but for the bitmaps and packed bytes (docs/search.md has the details),
the file gzip (shard_file). The manifest lists a separator per shard (separators). The decoder
exists for incremental updates (generator.search.incremental): a rebuild after an edit decodes
the few shards whose terms changed instead of rebuilding the whole index.

Where shards are cut is content-defined, as in rsync or FastCDC chunking: whether a shard closes
before a term depends only on the bytes the shard holds so far and the term itself (a hash of it),
never on how far the term is from the start of the index. So after an edit the cuts fall back
onto the previous build's cuts shortly after the last changed term, and an update re-encodes a
shard or two, not every shard after the change.
"""

from __future__ import annotations

import re
import zlib
from array import array
from bisect import bisect_left
from collections.abc import Sequence
from itertools import accumulate, chain
from operator import sub
from typing import Final

from generator.search.encoding import SHARD_LEVEL, gzip_blocks, gzip_bytes, read_uint, uint_bytes, uints_bytes
from generator.search.scoring import utf16_key

# Shard sizes are in bytes of records before gzip, relative to the target `shard_bytes`:
# a shard is never cut before it holds MIN_PART of the target (unless a term needs a shard of its
# own), then it is cut before a term whose hash is 0 modulo CUT_ODDS, and always at MAX_PART.
MIN_PART: Final = 0.75
CUT_ODDS: Final = 4
MAX_PART: Final = 2.0


def encode_term(previous: bytes, term: bytes, body: bytes) -> bytes:
    """A term record: the term front-coded against the previous term of the shard, then `body`."""
    limit = min(len(previous), len(term))
    shared = 0
    while shared < limit and previous[shared] == term[shared]:
        shared += 1
    return uint_bytes(shared) + uint_bytes(len(term) - shared) + term[shared:] + body


def encode_body(first_document: int, position: int, idf_low: int, docs: Sequence[Sequence[int]],
                counts: Sequence[Sequence[int]], lengths: Sequence[Sequence[int]] | None = None) -> bytes:
    """The part of a term record after the term: its order (first document, position there),
    the low byte of its idf, and per field the ascending document ids (as gaps), term frequencies
    and, for a term whose record carries them (`lengths`, see term_body), the length of that
    field of each of those documents, in the big record's codes (below)."""
    parts = [uint_bytes(first_document * 2 + (lengths is not None)), uint_bytes(position), uint_bytes(idf_low)]
    if lengths is not None:
        parts.extend(map(_big_postings, docs, counts))
        parts.extend(uints_bytes([length >> 8 for length in field_lengths]) for field_lengths in lengths)
        parts.extend(bytes([length & 0xFF for length in field_lengths]) for field_lengths in lengths)
        return b"".join(parts)
    for field_docs, field_counts in zip(docs, counts):
        parts.append(uint_bytes(len(field_docs)))
        parts.append(uints_bytes(list(map(sub, field_docs, chain((0,), field_docs)))))
        parts.append(uints_bytes(field_counts))
    return b"".join(parts)


# The codes of a big record (one carrying lengths: postings for a large share of the documents,
# fetched by every query of a common word) are chosen for gzip rather than for simplicity. At
# 10,000 meetings, `avtal` (31,771 texts and 24,357 parts fields of 99,713 documents) took 108.7 KB
# as plain varints; its lengths were 65 KB of that, where order-0 entropy says 57 KB.
#  - ids: where a bitmap over the field's id range takes fewer bytes than the gaps (density above
#    about one in eight, where gzip also favours it), a bitmap, as Lucene's dense blocks and
#    Roaring's bitmap containers; gzip makes either near the gaps' entropy, the bitmap nearer.
#  - term frequencies: 2 bits each (frequency - 1, up to 3), then the excess of those of 4 and
#    more as varints: two thirds of the frequencies are 1, which gzip cannot code below a bit a
#    byte.
#  - lengths: the high parts (length >> 8) as varints, then the low bytes: gzip sees a run of
#    small numbers and a run of near-random bytes instead of varints of one or two bytes mixed.
TF_BITS: Final = 2
TF_CODES: Final = 1 << TF_BITS
_TF_PER_BYTE: Final = 8 // TF_BITS
# A term frequency below 256 to its code (frequencies of 0 are refused before).
_TF_CODE: Final = bytes([0] + [min(count, TF_CODES) - 1 for count in range(1, 256)])


def _big_postings(docs: Sequence[int], counts: Sequence[int]) -> bytes:
    """One field's postings in a big record: n * 2 + dense, the ids (a bitmap if dense, else
    varint gaps), the term frequencies' codes and excesses. Tens of thousands of postings: the
    bits are packed by big-integer arithmetic and byte translation (in C), not a loop per bit."""
    n = len(docs)
    gaps = uints_bytes(list(map(sub, docs, chain((0,), docs))))
    bitmap = None
    if n:
        first = docs[0]
        size = (docs[-1] - first) // 8 + 1
        header = uint_bytes(first) + uint_bytes(size)
        if len(header) + size < len(gaps):
            flags = bytearray(b"0" * (size * 8))  # one digit per id from the first, highest id first
            top = size * 8 - 1 + first
            for doc in docs:
                flags[top - doc] = 49  # "1"
            bitmap = header + int(flags, 2).to_bytes(size, "little")
    if n and min(counts) < 1:
        raise ValueError(f"a term frequency of {min(counts)} in a posting")
    if n and max(counts) < 256:  # the codes, one a byte
        clipped = array("B", counts).tobytes().translate(_TF_CODE)  # counts may be an array of ints
    else:
        clipped = bytes(min(count, TF_CODES) - 1 for count in counts)
    padded = clipped + bytes(-n % _TF_PER_BYTE)
    packed = 0
    for place in range(_TF_PER_BYTE):  # code i of each group of four to bits 2i
        packed |= int.from_bytes(padded[place::_TF_PER_BYTE], "little") << (TF_BITS * place)
    codes = packed.to_bytes(len(padded) // _TF_PER_BYTE, "little")
    excess = [count - TF_CODES for count in counts if count >= TF_CODES]
    return b"".join((uint_bytes(n * 2 + (bitmap is not None)), gaps if bitmap is None else bitmap, codes,
                     uints_bytes(excess)))


# A big term carries its documents' field lengths when its postings number at least this share
# of the documents. Lengths in a record cost about 1.2 bytes per posting on every query of the
# word, a lengths/ block is fetched once per visit and shared by every word: at 10,000 meetings
# every big term inline (562 terms) made a later query's median 49 KB, the 30 terms of half the
# documents and more kept it at 29 KB (as with no term inline) and a first query of one of them
# at 185 KB (352 KB without).
INLINE_SHARE: Final = 0.5
# ... and only in an index of this many documents or more. The lengths/ blocks of a smaller one
# are small beside the page's code (24 KB at 10,000 documents, which a first query of a common
# word loads once), while lengths in records cost every later query of such a word: at 1,000
# meetings the 19 terms of half the documents raised a later query's median from 17.9 to 18.3 KB
# and spared no first query any bytes.
INLINE_MIN_DOCUMENTS: Final = 16_384


def term_body(first_document: int, position: int, idf_low: int, docs: Sequence[Sequence[int]],
              counts: Sequence[Sequence[int]], field_lengths: Sequence[Sequence[int]], shard_bytes: int,
              documents: int, lengths: Sequence[Sequence[int]] | None = None) -> bytes:
    """A term's record body. A term whose record without lengths reaches `shard_bytes` (it has a
    shard of its own) and whose postings number INLINE_SHARE of the `documents` or more (in an
    index of INLINE_MIN_DOCUMENTS or more) carries
    its documents' field lengths: such a word needs no lengths/ block, and a first query of one
    loads none (it used to load every block). The choice depends only on the term's postings and
    the number of documents, so one process or two, a whole build or an update (which keeps the
    number of documents), make the same records. `field_lengths[f][d]`: the length of field f of
    document d; `lengths`, if given, are those of the postings already (an update that kept them)."""
    plain = encode_body(first_document, position, idf_low, docs, counts)
    if len(plain) < shard_bytes or documents < INLINE_MIN_DOCUMENTS or sum(map(len, docs)) < INLINE_SHARE * documents:
        return plain
    if lengths is None:
        lengths = [[per_field[doc] for doc in field_docs] for per_field, field_docs in zip(field_lengths, docs)]
    return encode_body(first_document, position, idf_low, docs, counts, lengths)


def shortest_separator(before: str, after: str) -> str:
    """The shortest string s with before < s <= after (`before` < `after` in UTF-16 order), as
    LevelDB's FindShortestSeparator: `after` up to and including the first character where the
    two differ. That character decides both orders, so the prefix is > `before` in UTF-16 order
    too; and no shorter string lies between (it would have to share their common prefix)."""
    shared = 0
    limit = min(len(before), len(after))
    while shared < limit and before[shared] == after[shared]:
        shared += 1
    return after[:shared + 1]


def separators(words: Sequence[str], firsts: Sequence[str]) -> list[str]:
    """What the manifest lists per shard (`shards`): for shard n, the shortest string between the
    last term of shard n-1 and shard n's first term (in `firsts`), "" for the first shard. The
    browser's binary search finds every term's shard by these as by the first terms, at a third
    fewer characters. `words`: every term of the index in UTF-16 order (words.txt)."""
    places = {word: at for at, word in enumerate(words)}
    return [shortest_separator(words[places[first] - 1], first) if places[first] else "" for first in firsts]


def first_terms(words: Sequence[str], listed: Sequence[str]) -> list[str]:
    """The first term of each shard, from the manifest's separators and every term of the index
    (in UTF-16 order): the first term at or after the shard's separator, which starts with it."""
    firsts = []
    for separator in listed:
        at = bisect_left(words, utf16_key(separator), key=utf16_key)
        if at == len(words) or not words[at].startswith(separator):
            raise ValueError(f"no term of words.txt starts the shard of separator {separator!r}")
        firsts.append(words[at])
    return firsts


class ShardCutter:
    """Cuts term records, fed in sorted order, into shards: `shards` holds (first term, bytes
    before gzip) per closed shard.

    A record whose body alone reaches `shard_bytes` gets a shard of its own, wherever cutting
    began: the terms can be cut into parts before such terms and each part cut separately (in
    another process) with the same result. A cut chosen by hash is not made right before such a
    term (it would leave a shard of a term or two, and an edit that adds a word there would add a
    shard): so each decision also looks at the next record's body."""

    def __init__(self, shard_bytes: int) -> None:
        self.shard_bytes = shard_bytes
        self.min_bytes = int(shard_bytes * MIN_PART)
        self.max_bytes = int(shard_bytes * MAX_PART)
        self.shards: list[tuple[str, bytes]] = []
        self._records: list[bytes] = []
        self._size = 0
        self._previous = b""
        self._first = ""
        self._alone = False

    def cuts_before(self, term: bytes, body: bytes, next_body: bytes | None) -> bool:
        """Whether the open shard closes before this term's record (`next_body`: the record body
        of the term after it, None at the end)."""
        if not self._records:
            return False
        if self._alone or len(body) >= self.shard_bytes or self._size >= self.max_bytes:
            return True
        return (self._size >= self.min_bytes and zlib.crc32(term) % CUT_ODDS == 0
                and (next_body is None or len(next_body) < self.shard_bytes))

    def add(self, term: str, encoded: bytes, body: bytes, next_body: bytes | None) -> None:
        """Append one record (`encoded` is the term's UTF-8), closing the open shard before it if
        cuts_before says so."""
        if self.cuts_before(encoded, body, next_body):
            self.close()
        if not self._records:
            self._first = term
            self._alone = len(body) >= self.shard_bytes
        record = encode_term(self._previous, encoded, body)
        self._records.append(record)
        self._size += len(record)
        self._previous = encoded

    def close(self) -> None:
        if self._records:
            self.shards.append((self._first, uint_bytes(len(self._records)) + b"".join(self._records)))
        self._records, self._size, self._previous, self._alone = [], 0, b"", False


# ---- decoding ----

# Bytes below 0x80 end a varint: translated to 1, every other byte to 0, so bytes.count finds
# how many varints end in a range without a Python loop.
_VARINT_ENDS: Final = bytes.maketrans(bytes(range(256)), bytes(int(b < 0x80) for b in range(256)))


def _skip_varints(ends: bytes, offset: int, count: int) -> int:
    """The offset after `count` varints starting at `offset` (`ends` as _VARINT_ENDS makes it).
    Each varint takes at least one byte, so the next `count` bytes never overshoot; the varints
    that ended among them are done, the rest continue after them."""
    while count:
        end = offset + count
        count -= ends.count(1, offset, end)
        offset = end
    return offset


# One varint: continuation bytes, then a byte below 0x80.
_VARINT: Final = re.compile(rb"[\x80-\xff]*[\x00-\x7f]")
# The value of every varint of one or two bytes, by its bytes.
_VALUES: Final = {uint_bytes(value): value for value in range(1 << 14)}


def _varint_value(encoded: bytes) -> int:
    value = _VALUES.get(encoded)
    return read_uint(encoded, 0)[0] if value is None else value


def _read_uints(data: bytes, ends: bytes, offset: int, count: int) -> tuple[list[int], int]:
    if ends.count(1, offset, offset + count) == count:  # one byte each, the usual case
        return list(data[offset:offset + count]), offset + count
    # Mixed lengths (field lengths, gaps in a big term): split and looked up in C, not a
    # Python loop per byte, which made a big term's record cost tens of milliseconds.
    end = _skip_varints(ends, offset, count)
    return list(map(_varint_value, _VARINT.findall(data, offset, end))), end


def shard_records(data: bytes, field_count: int) -> list[tuple[str, bytes, bytes]]:
    """The records of a shard's bytes (before gzip): (term, its UTF-8, body) each, the body
    undecoded (decode_body reads it)."""
    ends = data.translate(_VARINT_ENDS)
    count, offset = read_uint(data, 0)
    records = []
    previous = b""
    for _ in range(count):
        shared, offset = read_uint(data, offset)
        length, offset = read_uint(data, offset)
        encoded = previous[:shared] + data[offset:offset + length]
        offset += length
        start = offset
        inline = data[offset] & 1  # the low bit of the first varint's first byte
        offset = _skip_varints(ends, offset, 3)
        if inline:
            postings = 0
            for _ in range(field_count):
                flagged, offset = read_uint(data, offset)
                offset = _skip_big_postings(data, ends, offset, flagged)
                postings += flagged >> 1
            offset = _skip_varints(ends, offset, postings) + postings  # lengths: high parts, low bytes
        else:
            for _ in range(field_count):
                n, offset = read_uint(data, offset)
                offset = _skip_varints(ends, offset, 2 * n)
        records.append((encoded.decode("utf-8"), encoded, data[start:offset]))
        previous = encoded
    if offset != len(data):
        raise ValueError("a term shard with bytes after its last record")
    return records


def patched_body(body: bytes, field_count: int,
                 changes: dict[int, tuple[Sequence[int], Sequence[int], Sequence[int]]]) -> bytes | None:
    """A record body that carries field lengths (term_body) with, for each changed document
    (`changes[doc] = (counts before, counts after, lengths after)`, per field), its term frequency
    and field length replaced in every field that holds it before and after; the bytes between
    are copied, not decoded. A big term's record holds tens of thousands of postings, and an
    edited document usually keeps its words and changes its lengths: re-encoding the whole record
    took most of a one-meeting update. None when this cannot be done in place (a field gains or
    loses the document, a changed document holds the term first, the record carries no lengths,
    a count's varint changes size); ValueError when the record does not hold a document's counts
    before."""
    if not body[0] & 1:
        return None
    ends = body.translate(_VARINT_ENDS)
    (first_document, _, _), offset = _read_uints(body, ends, 0, 3)
    if first_document >> 1 in changes:
        return None  # its position there may have changed, and that sits in the record's head
    # (start, end, order, bytes): replace body[start:end]; `order` keeps insertions at one place
    # in posting order.
    splices: list[tuple[int, int, int, bytes]] = []
    sizes: list[int] = []
    found: list[list[tuple[int, int]]] = []  # per field, (place among its postings, doc) changed
    for number in range(field_count):
        flagged, offset = read_uint(body, offset)
        n = flagged >> 1
        places = _places(body, ends, offset, flagged,
                         [doc for doc, (before, after, _) in sorted(changes.items()) if before[number] or after[number]])
        offset = _skip_big_ids(body, ends, offset, flagged)
        codes_start, codes_end = offset, offset + (n + _TF_PER_BYTE - 1) // _TF_PER_BYTE
        offset = _skip_big_counts(body, ends, offset, n)
        sizes.append(n)
        changed: list[tuple[int, int]] = []
        codes = bytearray(body[codes_start:codes_end])
        for doc, (at, present) in places.items():
            before, after = changes[doc][0][number], changes[doc][1][number]
            if present != bool(before):
                raise ValueError(f"document {doc}: the record does not hold its old counts")
            if present != bool(after):
                return None
            if not present:
                continue
            if len(uint_bytes(after)) != len(uint_bytes(before)):
                return None  # the record without lengths changes size, which term_body's choice reads
            shift = TF_BITS * (at % _TF_PER_BYTE)
            code = codes[at // _TF_PER_BYTE] >> shift & (TF_CODES - 1)
            # the excess of a top code: the varint after as many excesses as top codes before it
            tops = sum(body[codes_start:codes_start + at // _TF_PER_BYTE].translate(_TOP_CODES)) + sum(
                1 for place in range(at % _TF_PER_BYTE)
                if body[codes_start + at // _TF_PER_BYTE] >> (TF_BITS * place) & (TF_CODES - 1) == TF_CODES - 1)
            excess_at = _skip_varints(ends, codes_end, tops)
            excess_end = _skip_varints(ends, excess_at, 1) if code == TF_CODES - 1 else excess_at
            stored = TF_CODES + _varint_value(body[excess_at:excess_end]) if code == TF_CODES - 1 else code + 1
            if stored != before:
                raise ValueError(f"document {doc}: the record does not hold its old counts")
            new_code = min(after, TF_CODES) - 1
            codes[at // _TF_PER_BYTE] = codes[at // _TF_PER_BYTE] & ~((TF_CODES - 1) << shift) & 0xFF | new_code << shift
            splices.append((excess_at, excess_end, at, uint_bytes(after - TF_CODES) if new_code == TF_CODES - 1 else b""))
            changed.append((at, doc))
        for index, (old_byte, new_byte) in enumerate(zip(body[codes_start:codes_end], codes)):
            if old_byte != new_byte:
                splices.append((codes_start + index, codes_start + index + 1, 0, bytes((new_byte,))))
        found.append(changed)
    highs_start = []
    for n in sizes:
        highs_start.append(offset)
        offset = _skip_varints(ends, offset, n)
    for number, n in enumerate(sizes):
        for at, doc in found[number]:
            length = changes[doc][2][number]
            high_at = _skip_varints(ends, highs_start[number], at)
            splices.append((high_at, _skip_varints(ends, high_at, 1), at, uint_bytes(length >> 8)))
            splices.append((offset + at, offset + at + 1, at, bytes((length & 0xFF,))))
        offset += n
    if offset != len(body):
        raise ValueError("a term record with bytes after its postings")
    pieces, copied = [], 0
    for start, end, _, value in sorted(splices):
        pieces += [body[copied:start], value]
        copied = end
    pieces.append(body[copied:])
    return b"".join(pieces)


# Per byte, how many of its bits are set.
_SET_COUNT: Final = bytes.maketrans(bytes(range(256)), bytes(bin(byte).count("1") for byte in range(256)))


def _places(data: bytes, ends: bytes, offset: int, flagged: int, docs: Sequence[int]) -> dict[int, tuple[int, bool]]:
    """For each of `docs`, (its place among one field's postings of a big record, whether it is
    one): the ids from `offset`, after the field's first varint."""
    if not docs:
        return {}
    n = flagged >> 1
    if not flagged & 1:
        gaps, _ = _read_uints(data, ends, offset, n)
        ids = list(accumulate(gaps))
        places = {}
        for doc in docs:
            at = bisect_left(ids, doc)
            places[doc] = (at, at < n and ids[at] == doc)
        return places
    first, offset = read_uint(data, offset)
    size, offset = read_uint(data, offset)
    places = {}
    for doc in docs:
        bit = doc - first
        if bit < 0:
            places[doc] = (0, False)
        elif bit >= size * 8:
            places[doc] = (n, False)
        else:
            byte = data[offset + (bit >> 3)]
            at = sum(data[offset:offset + (bit >> 3)].translate(_SET_COUNT)) + bin(byte & ((1 << (bit & 7)) - 1)).count("1")
            places[doc] = (at, bool(byte >> (bit & 7) & 1))
    return places


def decode_body(body: bytes, field_count: int) -> tuple[int, int, int, list[list[int]], list[list[int]],
                                                         list[list[int]] | None]:
    """(first document, position, idf low byte, per field document ids, per field term
    frequencies, per field lengths or None) of a record body: the inverse of encode_body."""
    ends = body.translate(_VARINT_ENDS)
    (first_document, position, idf_low), offset = _read_uints(body, ends, 0, 3)
    inline = first_document & 1
    docs, counts, lengths = [], [], []
    for _ in range(field_count):
        n, offset = read_uint(body, offset)
        if inline:
            field_docs, field_counts, offset = _read_big_postings(body, ends, offset, n)
        else:
            gaps, offset = _read_uints(body, ends, offset, n)
            field_counts, offset = _read_uints(body, ends, offset, n)
            field_docs = list(accumulate(gaps))
        docs.append(field_docs)
        counts.append(field_counts)
    if inline:
        highs = []
        for field_docs in docs:
            field_highs, offset = _read_uints(body, ends, offset, len(field_docs))
            highs.append(field_highs)
        for field_highs in highs:
            lows = body[offset:offset + len(field_highs)]
            offset += len(field_highs)
            lengths.append([high << 8 | low for high, low in zip(field_highs, lows)] if any(field_highs) else list(lows))
    if offset != len(body):
        raise ValueError("a term record with bytes after its postings")
    return first_document >> 1, position, idf_low, docs, counts, lengths if inline else None


# Per byte of a bitmap, the positions of its set bits; per byte of term-frequency codes, the
# frequencies its codes stand for (the top code: TF_CODES plus an excess) and how many are top.
_SET_BITS: Final = [tuple(bit for bit in range(8) if byte >> bit & 1) for byte in range(256)]
_TF_VALUES: Final = [tuple((byte >> (TF_BITS * i) & (TF_CODES - 1)) + 1 for i in range(_TF_PER_BYTE))
                     for byte in range(256)]
_TOP_CODES: Final = bytes.maketrans(bytes(range(256)), bytes(values.count(TF_CODES) for values in _TF_VALUES))


def _skip_big_ids(data: bytes, ends: bytes, offset: int, flagged: int) -> int:
    """The offset after one field's ids in a big record (_big_postings), from after its first
    varint."""
    if flagged & 1:
        _, offset = read_uint(data, offset)
        size, offset = read_uint(data, offset)
        return offset + size
    return _skip_varints(ends, offset, flagged >> 1)


def _skip_big_counts(data: bytes, ends: bytes, offset: int, n: int) -> int:
    """The offset after one field's term frequencies in a big record (codes, then excesses)."""
    size = (n + _TF_PER_BYTE - 1) // _TF_PER_BYTE
    return _skip_varints(ends, offset + size, sum(data[offset:offset + size].translate(_TOP_CODES)))


def _skip_big_postings(data: bytes, ends: bytes, offset: int, flagged: int) -> int:
    """The offset after one field's postings in a big record, from after its first varint."""
    return _skip_big_counts(data, ends, _skip_big_ids(data, ends, offset, flagged), flagged >> 1)


# A deflate block costs its Huffman tables (about 100 bytes): a stream shorter than this shares
# the block of the next.
MIN_BLOCK_BYTES: Final = 1024


def _big_record_streams(payload: bytes, field_count: int) -> list[bytes] | None:
    """A shard of one big record, cut where its streams of different statistics meet (each
    field's ids, its term frequencies; the lengths' high parts, their low bytes); None for any
    other shard."""
    count, offset = read_uint(payload, 0)
    if count != 1:
        return None
    _, offset = read_uint(payload, offset)
    length, offset = read_uint(payload, offset)
    offset += length
    if offset >= len(payload) or not payload[offset] & 1:
        return None
    ends = payload.translate(_VARINT_ENDS)
    offset = _skip_varints(ends, offset, 3)
    cuts = []
    postings = 0
    for _ in range(field_count):
        flagged, offset = read_uint(payload, offset)
        offset = _skip_big_ids(payload, ends, offset, flagged)
        cuts.append(offset)
        offset = _skip_big_counts(payload, ends, offset, flagged >> 1)
        cuts.append(offset)
        postings += flagged >> 1
    offset = _skip_varints(ends, offset, postings)
    cuts.append(offset)
    cuts.append(offset + postings)
    streams = []
    start = 0
    for cut in cuts:
        if cut - start >= MIN_BLOCK_BYTES:
            streams.append(payload[start:cut])
            start = cut
    streams.append(payload[start:])
    return streams


def shard_file(payload: bytes, field_count: int) -> bytes:
    """A shard's file (gzip of its bytes). A big record's streams each get a deflate block of
    their own, coded with run-length matches only (Z_RLE): at 10,000 meetings `avtal`'s shard took
    90.3 KB, against 94.4 KB as one stream at SHARD_LEVEL (93.4 KB with Z_RLE but no blocks), and
    less time. Depends only on the payload, so a whole build and an update write the same file."""
    streams = _big_record_streams(payload, field_count)
    if streams is None:
        return gzip_bytes(payload, SHARD_LEVEL)
    return gzip_blocks(streams, SHARD_LEVEL, zlib.Z_RLE)


def _read_big_postings(data: bytes, ends: bytes, offset: int, flagged: int) -> tuple[list[int], list[int], int]:
    """(ids, term frequencies, offset after) of one field's postings in a big record."""
    n = flagged >> 1
    if flagged & 1:
        first, offset = read_uint(data, offset)
        size, offset = read_uint(data, offset)
        bits = data[offset:offset + size]
        offset += size
        docs = [first + 8 * index + bit for index, byte in enumerate(bits) if byte for bit in _SET_BITS[byte]]
        if len(docs) != n:
            raise ValueError("a term record whose bitmap does not hold its number of postings")
    else:
        gaps, offset = _read_uints(data, ends, offset, n)
        docs = list(accumulate(gaps))
    size = (n + _TF_PER_BYTE - 1) // _TF_PER_BYTE
    codes = data[offset:offset + size]
    counts = list(chain.from_iterable(map(_TF_VALUES.__getitem__, codes)))[:n]
    excess, offset = _read_uints(data, ends, offset + size, sum(codes.translate(_TOP_CODES)))
    if excess:
        pending = iter(excess)
        counts = [count + next(pending) if count == TF_CODES else count for count in counts]
    return docs, counts, offset
