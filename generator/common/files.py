"""The files a build writes, as every stage hands them on: whole, or streamed as rendered."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class OutputFile:
    path: str  # relative to the output folder, with forward slashes
    content: bytes


@dataclass(frozen=True)
class StreamedFile:
    """A page written as its template renders it: register pages run to MBs (the site-wide
    registers were one page of 55 MB at 10,000 meetings before they were split by year, and
    rendering that whole into memory took a page-group worker past 1 GB)."""

    path: str
    chunks: Iterator[str]
