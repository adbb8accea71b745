"""YAML as editors write it: dates and times stay text, duplicate keys are errors, lines are kept.

PyYAML's YAML 1.1 rules turn `12:00` into the number 720 and `2017-02-30` into an exception
without a line number. We keep such scalars as strings so that the validate stage can say what is
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
_EditorLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float", re.compile(r"^[-+]?([0-9][0-9_]*)?\.[0-9]+$"), list("-+0123456789.")
)


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


def yaml_error_line(exc: yaml.YAMLError) -> int | None:
    """0-based line of a YAML error inside the YAML text, if PyYAML knows it."""
    if isinstance(exc, DuplicateKey):
        return exc.line
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return mark.line if mark is not None else None


def yaml_error_message(exc: yaml.YAMLError, text: str = "") -> tuple[str, str]:
    """A short message and a hint for a YAML error, in words an editor can act on."""
    if isinstance(exc, DuplicateKey):
        return f"the key '{exc.key}' appears twice.", "Keep one of them."
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    line = yaml_error_line(exc)
    lines = text.split("\n")
    bad_line = lines[line] if line is not None and line < len(lines) else ""
    if "\\t" in problem or "tab" in problem.lower() or "\t" in bad_line:
        return "YAML does not allow a tab here.", "Indent with spaces, not tabs."
    context = getattr(exc, "context", None)
    message = f"invalid YAML: {problem}" + (f" ({context})" if context else "") + "."
    return message, "Check the indentation and quote values that contain ': ' or start with a special character."
