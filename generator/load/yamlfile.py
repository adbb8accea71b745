"""YAML as editors write it: dates, times and decimals stay text, duplicate keys are errors, lines
are kept.

PyYAML's YAML 1.1 rules turn `12:00` into the number 720, `8.30` into 8.3 and `2017-02-30` into
an exception without a line number. We keep such scalars as strings so that the validate stage can say what is
wrong, where, and how to fix it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

KeyPath = tuple[str | int, ...]


# LibYAML's parser is an order of magnitude faster than the pure-Python one; both give line marks.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _EditorLoader(_Base):  # type: ignore[misc, valid-type]
    pass


# Resolvers are class-level dicts of lists; copy before filtering so SafeLoader is untouched.
_EditorLoader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
# Plain decimal integers only: no sexagesimal (12:00), octal or binary surprises.
_EditorLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?(0|[1-9][0-9_]*)$"), list("-+0123456789")
)
# No implicit floats: `start: 8.30` stays the text '8.30' (as a float it would read 8.3), and a
# number such as `number: 4.10` keeps its last zero.


class DuplicateKey(yaml.YAMLError):
    def __init__(self, key: str, line: int):
        self.key = key
        self.line = line  # 0-based within the YAML text
        super().__init__(f"duplicate key '{key}'")


@dataclass
class YamlDocument:
    data: Any
    key_lines: dict[KeyPath, int] = field(default_factory=dict)  # 0-based line of each key/item

    def line_of(self, path: KeyPath, offset: int) -> int:
        """The file line (1-based) of the deepest known prefix of `path`."""
        for end in range(len(path), 0, -1):
            if path[:end] in self.key_lines:
                return self.key_lines[path[:end]] + offset
        return offset


def _record_lines(node: yaml.Node, path: KeyPath, lines: dict[KeyPath, int]) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in seen:
                raise DuplicateKey(key, key_node.start_mark.line)
            seen[key] = key_node.start_mark.line
            lines[path + (key,)] = key_node.start_mark.line
            _record_lines(value_node, path + (key,), lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, child in enumerate(node.value):
            lines[path + (index,)] = child.start_mark.line
            _record_lines(child, path + (index,), lines)


def parse_yaml(text: str) -> YamlDocument:
    """Parse one YAML document; raises yaml.YAMLError (with problem_mark) or DuplicateKey."""
    loader = _EditorLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlDocument(None)
        lines: dict[KeyPath, int] = {}
        _record_lines(node, (), lines)
        return YamlDocument(loader.construct_document(node), lines)
    finally:
        loader.dispose()


_KEY_COLON = re.compile(r"^\s*(?:-\s+)?[^\s:#][^:#]*:(?:\s|$)")
_CONTEXT_FIRST = ("while scanning a simple key", "while scanning a quoted scalar", "while parsing a flow")


def yaml_error_line(exc: yaml.YAMLError, text: str = "") -> int | None:
    """0-based line of a YAML error inside the YAML text, if PyYAML knows it: the line the
    editor has to change, which is often not the line where PyYAML noticed. A key without its
    ':' or a quote left open is noticed on a later line (PyYAML's context mark names the right
    one), and `- name Eva` is noticed at the next line's `role:`."""
    if isinstance(exc, DuplicateKey):
        return exc.line
    problem_mark = getattr(exc, "problem_mark", None)
    context_mark = getattr(exc, "context_mark", None)
    context = getattr(exc, "context", None) or ""
    if context_mark is not None and (context.startswith(_CONTEXT_FIRST) or problem_mark is None):
        return context_mark.line
    if problem_mark is None:
        return None
    line = problem_mark.line
    problem = getattr(exc, "problem", None) or ""
    lines = text.split("\n")
    if problem.startswith("mapping values are not allowed") and line < len(lines):
        key = _KEY_COLON.match(lines[line])
        if key and problem_mark.column == len(key.group(0).rstrip()) - 1:
            previous = _previous_line(lines, line)  # this line's key is fine: the one before lacks its ':'
            if previous is not None:
                return previous
    return line


def _previous_line(lines: list[str], line: int) -> int | None:
    for index in range(line - 1, -1, -1):
        if lines[index].strip() and not lines[index].lstrip().startswith("#"):
            return index
    return None


def yaml_error_message(exc: yaml.YAMLError, text: str = "") -> tuple[str, str]:
    """A short message and a hint for a YAML error, in words an editor can act on."""
    if isinstance(exc, DuplicateKey):
        return f"the key '{exc.key}' appears twice.", "Keep one of them."
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    line = yaml_error_line(exc, text)
    lines = text.split("\n")
    bad_line = lines[line] if line is not None and line < len(lines) else ""
    if "\\t" in problem or "tab" in problem.lower() or "\t" in bad_line:
        return "YAML does not allow a tab here.", "Indent with spaces, not tabs."
    context = getattr(exc, "context", None) or ""
    written = bad_line.strip()
    if context.startswith("while scanning a quoted scalar"):
        return f"a quoted value is not closed: '{written}'.", "End it with the same quote mark it starts with."
    if context.startswith("while parsing a flow") and written:
        return (f"a bracket is not closed: '{written}'.",
                "Close the [ or { it opens, or quote the value if the bracket is part of the text.")
    if (context.startswith("while scanning a simple key") or problem.startswith("mapping values are not allowed")) \
            and written and not _KEY_COLON.match(bad_line):
        return (f"this line has no ':' after its key: '{written}'.",
                "Write a ':' and a space after the key, e.g. 'name: Eva Eriksson'.")
    if problem.startswith("mapping values are not allowed") and written:
        return (f"a value holds ': ' and must be quoted: '{written}'.",
                "Put the value in double quotes, e.g. place: \"Umeå: Nobelsalen\".")
    message = f"invalid YAML: {problem}" + (f" ({context})" if context else "") + "."
    return message, "Check the indentation and quote values that contain ': ' or start with a special character."
