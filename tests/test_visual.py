"""Screenshots of every kind of page at 320, 768 and 1280 px, compared with the references in
tests/visual/ (committed PNGs), so a change in how a page looks is seen, not only a change in
its HTML.

The site is the sample archive built outside git on a pinned day, and text is drawn in the
vendored DejaVu Sans (tests/layout_probe.py), so the pictures depend on the theme and the
content only. A page may differ from its reference in at most TOLERANCE of its pixels (by more
than PIXEL_THRESHOLD in any channel): anti-aliasing differs a little between Chromium builds.
A failing comparison writes the new picture and a diff beside it in test-artifacts/visual/.

After an intended change of the theme or the sample content: `make visual-references`
(MINUTES_VISUAL_UPDATE=1 pytest tests/test_visual.py) writes new references; review and commit them.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from generator.commands.audit import representative_pages
from layout_probe import WIDTHS, build_pinned_site, open_pinned, pinned_context

from conftest import REPO

pytestmark = pytest.mark.browser

REFERENCES = Path(__file__).parent / "visual"
ARTIFACTS = REPO / "test-artifacts" / "visual"
UPDATE = os.environ.get("MINUTES_VISUAL_UPDATE") == "1"
TOLERANCE = 0.01  # share of pixels
PIXEL_THRESHOLD = 48  # 0-255, per channel
MAX_HEIGHT = 4000  # px of a page compared: the top, where a layout change shows first


def reference_name(kind: str, width: int) -> str:
    name = kind.replace("<body>", "body").replace("*", "any").replace(".html", "").lower()
    return re.sub(r"[^a-z0-9]+", "-", name).strip("-") + f"-{width}.png"


@pytest.fixture(scope="module")
def pinned_site(tmp_path_factory):
    return build_pinned_site(tmp_path_factory.mktemp("visual"), REPO)


@pytest.fixture(scope="module")
def kinds(pinned_site):
    return representative_pages(pinned_site, {p.parent.name for p in (REPO / "content").glob("*/_body.md")})


def screenshot(page, target: Path) -> None:
    height = min(page.evaluate("document.documentElement.scrollHeight"), MAX_HEIGHT)
    width = page.viewport_size["width"]
    page.screenshot(path=str(target), full_page=True, clip={"x": 0, "y": 0, "width": width, "height": height},
                    animations="disabled", caret="hide")


def differing_share(reference: Path, actual: Path, diff_target: Path) -> float:
    from PIL import Image, ImageChops

    expected, got = Image.open(reference).convert("RGB"), Image.open(actual).convert("RGB")
    if expected.size != got.size:
        return 1.0
    difference = ImageChops.difference(expected, got)
    mask = difference.convert("L").point(lambda value: 255 if value > PIXEL_THRESHOLD else 0)
    changed = mask.histogram()[255]
    if changed:
        marked = got.copy()
        marked.paste((255, 0, 255), mask=mask)
        marked.save(diff_target)
    return changed / (expected.size[0] * expected.size[1])


def save_reference(actual: Path, reference: Path) -> None:
    from PIL import Image

    # Palette PNGs: a fraction of the size of full colour; the comparison forgives the rounding.
    Image.open(actual).convert("RGB").quantize(colors=128, dither=Image.Dither.NONE).save(reference)


@pytest.mark.parametrize("width", WIDTHS)
def test_every_kind_of_page_looks_as_its_reference(browser, serve_folder, pinned_site, kinds, width, tmp_path):
    base = serve_folder(pinned_site)
    context = pinned_context(browser, width)
    page = context.new_page()
    REFERENCES.mkdir(exist_ok=True)
    assert len({reference_name(kind, width) for kind in kinds}) == len(kinds), "two kinds share a reference name"
    failures, missing, written = [], [], set()
    try:
        for kind, path in sorted(kinds.items()):
            open_pinned(page, base + path)
            name = reference_name(kind, width)
            actual = tmp_path / name
            screenshot(page, actual)
            reference = REFERENCES / name
            if UPDATE:
                save_reference(actual, reference)
                written.add(name)
                continue
            if not reference.exists():
                missing.append(name)
                continue
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            share = differing_share(reference, actual, ARTIFACTS / name.replace(".png", "-diff.png"))
            if share > TOLERANCE:
                actual.replace(ARTIFACTS / name)
                failures.append(f"{path} ({kind}): {share:.1%} of the pixels differ from tests/visual/{name}")
    finally:
        context.close()
    if UPDATE:  # a kind of page that is gone takes its references with it
        for stale in REFERENCES.glob(f"*-{width}.png"):
            if stale.name not in written:
                stale.unlink()
    assert not missing, f"no reference for {missing}: make visual-references, review and commit tests/visual/"
    assert not failures, ("pages look different from their references (new pictures and diffs in "
                          "test-artifacts/visual/; after an intended change: make visual-references):\n" + "\n".join(failures))


def test_the_comparison_sees_a_changed_page(tmp_path):
    from PIL import Image, ImageDraw

    reference, actual = tmp_path / "a.png", tmp_path / "b.png"
    Image.new("RGB", (200, 100), "white").save(reference)
    changed = Image.new("RGB", (200, 100), "white")
    ImageDraw.Draw(changed).rectangle((0, 0, 40, 40), fill="black")
    changed.save(actual)
    assert differing_share(reference, reference, tmp_path / "same.png") == 0
    assert differing_share(reference, actual, tmp_path / "diff.png") > TOLERANCE
    Image.new("RGB", (200, 120), "white").save(actual)
    assert differing_share(reference, actual, tmp_path / "size.png") == 1.0
