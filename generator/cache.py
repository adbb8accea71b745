"""The build cache (.cache/ beside content/): parsed meetings and what the last build wrote.

Keys are content hashes: of the source file, of the generator's code, templates, interface text
and config, and of what else a page depends on (SiteRenderer.meeting_page_inputs). A cache entry
is only ever used when every input is the same, so a cached build equals a clean one byte for
byte (tests/test_cache.py checks it). Deleting .cache/ is always safe.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import generator
from generator.config import SiteConfig

FORMAT = 3
PACKAGE_DIR = Path(generator.__file__).parent


def digest(*parts: Any) -> str:
    """A stable hash of values whose repr is canonical (dataclasses, tuples, strings, dates).
    repr rather than pickle: pickle's output depends on which equal objects happen to be shared."""
    return hashlib.sha256(repr(parts).encode("utf-8", "surrogatepass")).hexdigest()


def tree_digest(*folders: Path) -> str:
    """Hash of every file's path and bytes under the folders, in a stable order."""
    hasher = hashlib.sha256()
    for folder in folders:
        if not folder.exists():
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            hasher.update(path.relative_to(folder).as_posix().encode() + b"\0")
            hasher.update(path.read_bytes())
    return hasher.hexdigest()


def code_fingerprint() -> str:
    """The generator's own code and data: a change to any of it invalidates everything."""
    return tree_digest(PACKAGE_DIR) + generator.__version__


def render_fingerprint(config: SiteConfig, code: str) -> str:
    return digest(code, tree_digest(config.layouts_path), config)


@dataclass
class BuildState:
    """What the previous build produced, to decide what this one can reuse."""

    render_fingerprint: str = ""
    pages: dict[str, str] = field(default_factory=dict)  # output path -> page key
    summaries: dict[str, tuple] = field(default_factory=dict)  # rel -> (parse key, light meeting, problems, light key)
    producers: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)  # name -> (key, files)
    front_matter: dict[str, Any] = field(default_factory=dict)  # YAML text hash -> YamlDocument
    search_key: str = ""
    search_files: tuple[str, ...] = ()


class BuildCache:
    def __init__(self, config: SiteConfig, enabled: bool = True):
        self.enabled = enabled
        self.root = config.project_dir / ".cache" / f"v{FORMAT}"
        self.code = code_fingerprint() if enabled else ""
        self.render = render_fingerprint(config, self.code) if enabled else ""

    def parse_key(self, source_digest: str, rel: str) -> str:
        return digest(self.code, source_digest, rel)

    def _path(self, kind: str, key: str) -> Path:
        return self.root / kind / key[:2] / f"{key}.pickle"

    def load(self, kind: str, key: str) -> Any | None:
        if not self.enabled:
            return None
        try:
            with open(self._path(kind, key), "rb") as handle:
                return pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return None  # missing or written by another version: rebuild it

    def store(self, kind: str, key: str, value: Any) -> None:
        if self.enabled:
            _atomic_pickle(self._path(kind, key), value)

    def state(self) -> BuildState:
        state = self.load("state", "build") if self.enabled else None
        complete = isinstance(state, BuildState) and set(vars(state)) == {f.name for f in fields(BuildState)}
        return state if complete else BuildState()  # a state from another version is no state

    def save_state(self, state: BuildState) -> None:
        self.store("state", "build", state)


def _atomic_pickle(path: Path, value: Any) -> None:
    """Write via a temporary file and rename, so a killed build never leaves half a cache entry."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            pickle.dump(value, out, protocol=5)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
