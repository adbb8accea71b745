"""The default theme ships in the package; a project's layouts/ and assets/ override it file by file."""

from __future__ import annotations

from generator.render.site import minified
from generator.theme import ASSETS, LAYOUTS


def test_a_project_without_templates_or_styles_builds_on_the_theme(project):
    project.with_sample()
    assert not (project.root / "layouts").exists() and not (project.root / "assets").exists()
    project.build()
    page = (project.output / "testgruppen/2020-01-15.html").read_text(encoding="utf-8")
    assert "Budget" in page
    assert (project.output / "assets/site.css").read_bytes() == minified("site.css", (ASSETS / "site.css").read_bytes())
    assert (project.output / "assets/search/engine.js").exists()


def test_the_themes_scripts_and_styles_are_minified_and_license_comments_kept():
    source = (ASSETS / "search/engine.js").read_bytes()
    script = minified("search/engine.js", source)
    assert len(script) < 0.7 * len(source)
    assert b"/**" not in script and b"\n\n" not in script
    assert minified("a.js", b"/*! License: MIT */\nvar a = 1; // one\n").startswith(b"/*! License: MIT */")
    style = minified("site.css", (ASSETS / "site.css").read_bytes())
    assert b"/*" not in style and len(style) < len((ASSETS / "site.css").read_bytes())
    # Files already minified, and everything but scripts and styles, are copied as they are.
    vendored = (ASSETS / "vendor/lunr/lunr.min.js").read_bytes()
    assert minified("vendor/lunr/lunr.min.js", vendored) is vendored
    assert minified("favicon.svg", b"<svg/>  <!-- x -->") == b"<svg/>  <!-- x -->"


def test_one_partial_and_one_stylesheet_of_the_project_override_the_theme(project):
    project.with_sample()
    partial = project.root / "layouts/partials/status.html"
    partial.parent.mkdir(parents=True)
    partial.write_text('<span class="our-status">{{ t.statuses[status] }}</span>\n', encoding="utf-8")
    (project.root / "assets").mkdir()
    (project.root / "assets/site.css").write_text("body { color: #111 }\n", encoding="utf-8")
    (project.root / "assets/extra.css").write_text("main { margin: 0 }\n", encoding="utf-8")
    project.build()
    page = (project.output / "testgruppen/2020-01-15.html").read_text(encoding="utf-8")
    assert '<span class="our-status">' in page
    # Every other template still comes from the theme: the item partial renders as it does there.
    assert 'class="item' in page and (LAYOUTS / "partials/item.html").exists()
    assert (project.output / "assets/site.css").read_text() == "body { color: #111 }\n"
    assert (project.output / "assets/extra.css").read_text() == "main { margin: 0 }\n"
    assert (project.output / "assets/favicon.svg").read_bytes() == (ASSETS / "favicon.svg").read_bytes()


def test_an_override_that_is_removed_gives_the_theme_back(project):
    project.with_sample()
    partial = project.root / "layouts/partials/status.html"
    partial.parent.mkdir(parents=True)
    partial.write_text('<span class="our-status">{{ t.statuses[status] }}</span>\n', encoding="utf-8")
    project.build()
    partial.unlink()
    project.build()
    page = (project.output / "testgruppen/2020-01-15.html").read_text(encoding="utf-8")
    assert "our-status" not in page and 'class="status status--justerat"' in page
