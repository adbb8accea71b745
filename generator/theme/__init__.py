"""The default theme, shipped inside the package, and a project's overrides of it.

A project folder needs no templates or styles of its own. Where it has them, its `layouts/` and
`assets/` (or the folders `layouts_dir` and `assets_dir` name in minutes.yml) override the
theme file by file, as MkDocs' `custom_dir` and Hugo's lookup order do: `layouts/partials/item.html`
in a project replaces only that partial, and `assets/extra.css` adds a file beside the theme's.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.load.config import SiteConfig

THEME_DIR = Path(__file__).parent
LAYOUTS = THEME_DIR / "layouts"
ASSETS = THEME_DIR / "assets"


def layout_folders(config: "SiteConfig") -> list[Path]:
    """Where templates are looked up, first match wins: the project's own, then the theme's."""
    return [folder for folder in (config.layouts_path, LAYOUTS) if folder.is_dir()]


def asset_folders(config: "SiteConfig") -> list[Path]:
    """Where assets come from, first match wins: the project's own, then the theme's."""
    return [folder for folder in (config.assets_path, ASSETS) if folder.is_dir()]


def has_layout(config: "SiteConfig", name: str) -> bool:
    """Whether a template (or a folder of templates) exists in the project or the theme."""
    return any((folder / name).exists() for folder in layout_folders(config))


def asset_sources(config: "SiteConfig") -> Iterator[tuple[str, Path]]:
    """Each asset's path under assets/ and the file it comes from, in a stable order; a project's
    file shadows the theme's of the same path. Dot-files and READMEs stay out of the site."""
    chosen: dict[str, Path] = {}
    for folder in asset_folders(config):
        for path in folder.rglob("*"):
            if not path.is_file() or path.name.startswith(".") or path.name == "README.md":
                continue
            chosen.setdefault(path.relative_to(folder).as_posix(), path)
    # Sorted as the paths' parts, the order a single folder's files had before overrides.
    for relative in sorted(chosen, key=lambda name: name.split("/")):
        yield relative, chosen[relative]
