"""Template globals that are dicts are read as attributes, with a plain dict's semantics."""

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
