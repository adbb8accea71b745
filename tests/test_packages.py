"""common.packages: versions read from dist-info names agree with importlib.metadata."""

from __future__ import annotations

from importlib import metadata

import pytest

from generator.common import packages
from generator.common.packages import installed_version


@pytest.mark.parametrize("distribution", ["wordfreq", "snowballstemmer", "Jinja2", "markdown-it-py", "lunr"])
def test_the_version_is_the_one_importlib_metadata_gives(distribution):
    assert installed_version(distribution) == metadata.version(distribution)


def test_a_package_that_is_not_installed_has_no_version():
    assert installed_version("no-such-package-here") == ""


def test_two_dist_infos_side_by_side_are_left_to_importlib_metadata(tmp_path, monkeypatch):
    package = tmp_path / "twice"
    package.mkdir()
    (package / "__init__.py").write_text("")
    for version in ("1.0", "2.0"):
        info = tmp_path / f"twice-{version}.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: twice\nVersion: {version}\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    asked = []
    monkeypatch.setattr(metadata, "version", lambda name: asked.append(name) or "from metadata")
    packages.installed_version.cache_clear()
    try:
        assert installed_version("twice") == "from metadata"
        assert asked == ["twice"]
    finally:
        packages.installed_version.cache_clear()
