"""Template globals that are dicts are read as attributes, with a plain dict's semantics."""

from pathlib import Path

import pytest
from jinja2 import Environment, StrictUndefined, UndefinedError

from generator.render.site import AttributeDict, attribute_dicts


def render(source: str, **context) -> str:
    return Environment(undefined=StrictUndefined, autoescape=True).from_string(source).render(**context)


def test_nested_dicts_and_dicts_in_lists_become_attribute_dicts():
    text = attribute_dicts({"registers": {"people": "Personer"}, "list": [{"a": 1}, "x"], "n": 1})
    assert type(text) is AttributeDict and type(text["registers"]) is AttributeDict
    assert type(text["list"][0]) is AttributeDict and text["list"][1] == "x"
    assert text == {"registers": {"people": "Personer"}, "list": [{"a": 1}, "x"], "n": 1}


def test_templates_read_an_attribute_dict_as_they_read_a_plain_dict():
    plain = {"registers": {"people": "Personer & co"}, "items": "Ärenden"}
    for t in (plain, attribute_dicts(plain)):
        assert render("{{ t.registers.people }}", t=t) == "Personer &amp; co"
        # A key named like a dict method: the method wins, as on a plain dict; [] reads the key.
        assert render("{{ t['items'] }} {{ t.items is callable }}", t=t) == "Ärenden True"
        with pytest.raises(UndefinedError):
            render("{{ t.registers.missing }}", t=t)
    with pytest.raises(AttributeError):
        attribute_dicts(plain).missing


class Shown:
    def __html__(self) -> str:
        return "<b>shown</b>"


@pytest.mark.parametrize("source, context", [
    ("{{ a }}|{{ m }}|{{ n }}|{{ s }}|{{ o }}", {}),
    ("{% set x %}{{ a }}{% endset %}{{ x }}|{{ x | length }}", {}),
    ("{% macro f(v) %}<i>{{ v }}</i>{% endmacro %}{{ f(a) }}{{ f(m) }}|{{ a ~ m }}|{{ m | upper }}", {}),
    ("{% for v in [a, m, n, o] %}{{ v }}{% endfor %}{% filter upper %}{{ a }}{% endfilter %}", {}),
])
def test_templates_write_values_escaped_as_markupsafe_escapes_them(source, context):
    from markupsafe import Markup

    from generator.load.config import load_config
    from generator.render.site import OutputEscapeTemplate, make_environment, output_escape

    values = dict(a="<a href='x'>&amp; \"q\"</a>", m=Markup("<em>&amp;</em>"), n=12, s=None, o=Shown())
    plain = Environment(autoescape=True, undefined=StrictUndefined)
    env = make_environment(load_config(Path(__file__).resolve().parent.parent))
    template = env.from_string(source)
    assert isinstance(template, OutputEscapeTemplate)
    assert template.root_render_func.__globals__["escape"] is output_escape  # Jinja still calls it
    assert template.render(**values, **context) == plain.from_string(source).render(**values, **context)
    with pytest.raises(UndefinedError):
        env.from_string("{{ missing }}").render()
