"""The stages as layers (docs/architecture.md): the import-linter contracts in pyproject.toml hold,
and every folder of generator/ has its place in them."""

from __future__ import annotations

import os
import tomllib

from conftest import REPO
from importlinter.cli import lint_imports

GENERATOR = REPO / "generator"


def contracts() -> list[dict]:
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]["contracts"]


def test_the_stages_import_only_downward_and_no_package_has_an_import_cycle(monkeypatch):
    monkeypatch.chdir(REPO)
    monkeypatch.syspath_prepend(str(REPO))
    assert lint_imports(no_cache=True) == 0  # its report names each import that breaks a contract


def test_every_stage_folder_is_a_layer():
    layers = next(c for c in contracts() if c["type"] == "layers")["layers"]
    named = {name.strip() for layer in layers for name in layer.split("|")}
    folders = {f"generator.{entry.name}" for entry in os.scandir(GENERATOR)
               if entry.is_dir() and (GENERATOR / entry.name / "__init__.py").exists()}
    modules = {f"generator.{path.stem}" for path in GENERATOR.glob("*.py") if path.stem not in ("__init__", "__main__")}
    assert folders | modules <= named, "a new folder of generator/ needs its place among the layers"
