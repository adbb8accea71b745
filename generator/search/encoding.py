"""Byte formats of the search files: gzip without timestamps, JSON with sorted keys, varints.

Every file is gzip-compressed at build time, so a browser transfers compressed bytes from any
static host, including ones that do not compress responses. The browser checks the gzip magic
bytes first, so a host that adds its own Content-Encoding (and lets the browser undo it) works too.
"""

from __future__ import annotations

import gzip
import json
import zlib
from array import array
from collections.abc import Iterable
from typing import Any


# Term shards are binary postings: level 9 takes five times as long as level 6 on them (most of the
# index stage's compression time) for 1.5 % fewer bytes. Text (document chunks) costs the same at
# either level, so it keeps level 9. The manifest's runs of base-36 chunk sizes are level 9's
# worst case: 34 ms against 2.5 ms at level 6, for 13 bytes of 10 KB (10,000 meetings), in every
# rebuild that patches the index.
SHARD_LEVEL = 6
MANIFEST_LEVEL = 6


def gzip_bytes(data: bytes, level: int = 9) -> bytes:
    # mtime=0 and no file name: the same input gives the same bytes on every build.
    return gzip.compress(data, compresslevel=level, mtime=0)


def gzip_blocks(segments: Iterable[bytes], level: int, strategy: int) -> bytes:
    """gzip of the segments joined (mtime 0, as gzip_bytes), each segment ending a deflate block,
    so each gets Huffman codes of its own: for binary data made of runs of different statistics."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, 31, 9, strategy)
    parts = [compressor.compress(segment) + compressor.flush(zlib.Z_BLOCK) for segment in segments]
    parts.append(compressor.flush())
    return b"".join(parts)


def json_bytes(value: Any) -> bytes:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.encode("utf-8")


class VarintWriter:
    """Unsigned LEB128 integers and length-prefixed bytes, appended to one buffer."""

    def __init__(self) -> None:
        self.buffer = bytearray()

    def __len__(self) -> int:
        return len(self.buffer)

    def uint(self, value: int) -> None:
        if value < 0:
            raise ValueError(f"varints are unsigned, got {value}")
        while value >= 0x80:
            self.buffer.append((value & 0x7F) | 0x80)
            value >>= 7
        self.buffer.append(value)

    def uints(self, values: list[int]) -> None:
        for value in values:
            self.uint(value)

    def raw(self, data: bytes) -> None:
        self.buffer += data


def _slow_uint(value: int) -> bytes:
    writer = VarintWriter()
    writer.uint(value)
    return bytes(writer.buffer)


# The encodings of 0 ... 16383 (one and two bytes), looked up rather than computed.
_SMALL: list[bytes] = [bytes((value,)) for value in range(0x80)] + [
    bytes((value & 0x7F | 0x80, value >> 7)) for value in range(0x80, 1 << 14)]


def uint_bytes(value: int) -> bytes:
    return _SMALL[value] if 0 <= value < 16384 else _slow_uint(value)


def uints_bytes(values: Iterable[int]) -> bytes:
    """The varints of `values`, concatenated (the same bytes as VarintWriter.uints)."""
    if not isinstance(values, (list, array)):
        values = list(values)
    if values and 0 <= min(values) and max(values) < 0x80:  # one byte each, the usual case: in C
        return array("B", values).tobytes()
    small = _SMALL
    return b"".join([small[value] if 0 <= value < 16384 else _slow_uint(value) for value in values])


def read_uint(data: bytes, offset: int) -> tuple[int, int]:
    """Decode one varint at `offset`; return it and the offset after it (for tests and tools)."""
    value = shift = 0
    while True:
        byte = data[offset]
        offset += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, offset
        shift += 7


def read_uints(data: bytes) -> list[int]:
    """Every varint of `data`, in order: the inverse of uints_bytes."""
    if not data or max(data) < 0x80:  # one byte each, the usual case: in C
        return list(data)
    values = []
    offset = 0
    while offset < len(data):
        value, offset = read_uint(data, offset)
        values.append(value)
    return values
