"""The installed version of a package, for the cache keys that depend on one (the word list, the
stemmer): read from the name of its `.dist-info` folder beside the package, which takes a
directory listing, where importlib.metadata takes 10-15 ms to import and to search every path
entry, in a rebuild that must finish within a second."""

from __future__ import annotations

import functools
import importlib.util
import os
import re


@functools.cache
def installed_version(distribution: str) -> str:
    """`distribution`'s version (its import name is its name with '-' as '_'); '' when it is not
    installed."""
    spec = importlib.util.find_spec(distribution.replace("-", "_"))
    if spec is not None and spec.origin:
        folder = os.path.dirname(os.path.dirname(spec.origin))
        wanted = re.compile(rf"{re.escape(distribution.replace('-', '_'))}-([^-]+)\.dist-info", re.IGNORECASE)
        try:
            found = [m.group(1) for m in map(wanted.fullmatch, os.listdir(folder)) if m]
        except OSError:
            found = []
        if len(found) == 1:
            return found[0]
    # Another layout (an egg, a zip, two versions side by side): ask the metadata machinery.
    from importlib import metadata

    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return ""
