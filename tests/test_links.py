"""Every link of the built seed site resolves: relative, to a file that exists, to an anchor that exists."""

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.add(attributes["id"])
        for name in ("href", "src", "action"):
            if attributes.get(name) is not None:
                self.links.append(attributes[name])


def parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_no_link_is_broken_or_root_absolute(seed_site: Path):
    pages = {p: parse(p) for p in seed_site.rglob("*.html")}
    checked = 0
    for page, parsed in pages.items():
        if page.name == "404.html":
            continue  # served at any depth; see render.SiteRenderer.not_found
        for link in parsed.links:
            parts = urlsplit(link)
            if parts.scheme in ("http", "https", "mailto"):
                continue
            assert not link.startswith("/"), f"{page}: root-absolute link {link}"
            assert not parts.scheme, f"{page}: unexpected scheme in {link}"
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            assert target.is_file(), f"{page.relative_to(seed_site)} links to missing {link}"
            if parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else parse(target).ids
                assert parts.fragment in ids, f"{page.relative_to(seed_site)}: no #{parts.fragment} in {target.name}"
            checked += 1
    assert checked > 100
