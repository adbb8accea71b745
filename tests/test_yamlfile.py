"""YAML errors (load/yamlfile.py) at the line the editor has to change, in words they can act on."""

from __future__ import annotations

import pytest
import yaml

from generator.load.yamlfile import parse_yaml, yaml_error_line, yaml_error_message


def error_of(text: str) -> tuple[int | None, str, str]:
    with pytest.raises(yaml.YAMLError) as caught:
        parse_yaml(text)
    return (yaml_error_line(caught.value, text), *yaml_error_message(caught.value, text))


@pytest.mark.parametrize("text, line, words", [
    # the colon missing after the key: PyYAML notices it at the next line's 'role:'
    ("body: kc\nparticipants:\n  - name Eva Eriksson\n    role: ledamot\n", 2, "no ':' after its key: '- name Eva Eriksson'"),
    # a key without its colon, noticed one line later
    ("body: kc\nkind protokoll\nstatus: justerat\n", 1, "no ':' after its key: 'kind protokoll'"),
    # a quote left open, noticed at the end
    ('body: kc\nplace: "Umeå\nstatus: justerat\nkind: protokoll\n', 1, "quoted value is not closed"),
    # a bracket left open
    ("body: kc\nplace: [Stadshuset\nstatus: justerat\n", 1, "bracket is not closed: 'place: [Stadshuset'"),
    # a second ': ' in a value: this very line
    ("body: kc\nplace: Umeå: Nobelsalen\nstatus: justerat\n", 1, "must be quoted: 'place: Umeå: Nobelsalen'"),
    # indentation off: this very line
    ("body: kc\nparticipants:\n  - name: A\n   role: ledamot\n", 3, "invalid YAML"),
])
def test_the_error_is_at_the_line_to_change(text, line, words):
    found_line, message, hint = error_of(text)
    assert found_line == line, (found_line, message)
    assert words in message and hint


def test_decimals_stay_text_as_written():
    assert parse_yaml("start: 8.30\nnumber: 4.10\n").data == {"start": "8.30", "number": "4.10"}
