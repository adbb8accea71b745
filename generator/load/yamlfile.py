"""YAML as editors write it: dates, times and decimals stay text, duplicate keys are errors, lines
are kept.

PyYAML's YAML 1.1 rules turn `12:00` into the number 720, `8.30` into 8.3 and `2017-02-30` into
an exception without a line number. We keep such scalars as strings so that the validate stage can say what is
wrong, where, and how to fix it.

Every YAML file the build reads (front matter, people.yml, minutes.yml) goes through `parse_yaml`,
which holds it to fixed limits, because one committed file must not be able to take the build
down: aliases (`*name`) are refused, so an anchor bomb ("billion laughs") or a recursive alias
cannot expand; a document holds at most MAX_NODES values and nests at most MAX_DEPTH levels; and
only the plain tags (`!!str`, or none) are accepted, so no value is built by a constructor that
can fail without a line. The document is composed here from the parser's events, not by PyYAML's
composer, so each limit is checked before the next value is made, and names its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache, partial
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
# At most 18 digits: a longer run of digits is an identifier, not a count, and Python refuses to
# convert strings of more than 4,300 digits to int (with a ValueError, not a YAML error).
_EditorLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?(0|[1-9][0-9_]{0,17})$"), list("-+0123456789")
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


# A meeting's front matter is tens of values, and a people.yml of thousands of people a few tens
# of thousands; each composed value costs about half a kilobyte and ten microseconds.
MAX_NODES = 250_000
MAX_DEPTH = 32  # our deepest key is accessibility.shortcomings[n].what: four levels
_PLAIN_TAGS = ("tag:yaml.org,2002:str", "!")


class YamlLimit(yaml.YAMLError):
    """A document that breaks one of the limits above (or uses an alias or a tag)."""

    def __init__(self, message: str, hint: str, line: int | None):
        self.message = message
        self.hint = hint
        self.line = line  # 0-based within the YAML text
        super().__init__(message)


def _refuse_tag(tag: str | None, mark: yaml.Mark) -> None:
    if tag is not None and tag not in _PLAIN_TAGS:
        shown = tag.replace("tag:yaml.org,2002:", "!!")
        raise YamlLimit(f"the YAML tag '{shown}' is not allowed.",
                        "Write the value plainly, without a tag; quote it to keep it as text.", mark.line)


def _admit(event: yaml.Event, count: int) -> int:
    """The number of values after `event`, which must be neither an alias, nor a value past
    MAX_NODES, nor tagged; both composers check every event here, before they make its value."""
    if isinstance(event, yaml.AliasEvent):
        raise YamlLimit(f"the alias '*{event.anchor}' repeats a value written elsewhere; aliases are not allowed.",
                        f"Write the value out in full where '*{event.anchor}' stands.", event.start_mark.line)
    count += 1
    if count > MAX_NODES:
        raise YamlLimit(f"the YAML holds more than {MAX_NODES:,} values.",
                        "A file of minutes or people is far smaller: split it, or look for a generated mistake.",
                        event.start_mark.line)
    _refuse_tag(event.tag, event.start_mark)
    return count


def _refuse_depth(depth: int, mark: yaml.Mark) -> None:
    if depth >= MAX_DEPTH:
        raise YamlLimit(f"the YAML nests more than {MAX_DEPTH} levels deep.",
                        "Check the indentation: no key of minutes, bodies or people is this deep.", mark.line)


def _end_document(loader: yaml.SafeLoader) -> None:
    """After the root value: the document ends, and no second one follows."""
    if not loader.check_event(yaml.DocumentEndEvent):  # pragma: no cover - the parser ends documents
        raise YamlLimit("the YAML does not end where expected.", "", loader.peek_event().start_mark.line)
    loader.get_event()
    if not loader.check_event(yaml.StreamEndEvent):
        raise YamlLimit("the YAML holds more than one document.", "Remove the second '---' line.",
                        loader.peek_event().start_mark.line)


class _Open:
    """A collection being composed: its node, key path, the key waiting for its value (in a
    mapping) and the keys seen so far."""

    __slots__ = ("node", "path", "key", "keys")

    def __init__(self, node: yaml.Node, path: KeyPath):
        self.node, self.path = node, path
        self.key: yaml.Node | None = None
        self.keys: set[str] = set()


def _compose(loader: yaml.SafeLoader) -> tuple[yaml.Node | None, dict[KeyPath, int]]:
    """The document's node graph and the 0-based line of every key and list item, composed from
    the parser's events without recursion, each limit checked before the next value is made."""
    lines: dict[KeyPath, int] = {}
    loader.get_event()  # stream start
    if loader.check_event(yaml.StreamEndEvent):
        return None, lines
    loader.get_event()  # document start
    stack: list[_Open] = []
    count = 0
    while True:
        event = loader.get_event()
        if isinstance(event, yaml.CollectionEndEvent):
            closed = stack.pop().node
            closed.end_mark = event.end_mark
            if not stack:
                root = closed
                break
            continue  # it joined its parent when it opened
        count = _admit(event, count)
        node: yaml.Node
        if isinstance(event, yaml.ScalarEvent):
            tag = _implicit_tag(event.value, event.implicit) if event.tag in (None, "!") else event.tag
            node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, style=event.style)
        else:
            _refuse_depth(len(stack), event.start_mark)
            kind = yaml.SequenceNode if isinstance(event, yaml.SequenceStartEvent) else yaml.MappingNode
            tag = loader.resolve(kind, None, event.implicit) if event.tag in (None, "!") else event.tag
            node = kind(tag, [], event.start_mark, None, flow_style=event.flow_style)
        path: KeyPath = ()
        if stack:
            parent = stack[-1]
            if isinstance(parent.node, yaml.SequenceNode):
                path = parent.path + (len(parent.node.value),)
                parent.node.value.append(node)
                lines[path] = node.start_mark.line
            elif parent.key is None:  # a mapping's key; its value comes next
                parent.key = node
                path = parent.path + ("?",)  # a key that is itself a list or mapping (rejected later)
                if isinstance(node, yaml.ScalarNode):
                    if node.value in parent.keys:
                        raise DuplicateKey(node.value, node.start_mark.line)
                    parent.keys.add(node.value)
                    lines[parent.path + (node.value,)] = node.start_mark.line
            else:
                key, parent.key = parent.key, None
                parent.node.value.append((key, node))
                path = parent.path + (str(key.value) if isinstance(key, yaml.ScalarNode) else "?",)
        if isinstance(node, yaml.ScalarNode):
            if not stack:
                root = node
                break
        else:
            stack.append(_Open(node, path))
    _end_document(loader)
    return root, lines


class _Unusual(Exception):
    """A shape that _build leaves to the node graph and PyYAML's constructor: a merge key ('<<'),
    a value key ('='), a tagged collection, a key that is itself a list or mapping."""


_STR, _INT, _BOOL, _NULL = (f"tag:yaml.org,2002:{name}" for name in ("str", "int", "bool", "null"))
_SEQ, _MAP = "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"
_BOOLS = {"yes": True, "no": False, "true": True, "false": False, "on": True, "off": False}  # SafeConstructor's


class _ScalarResolver(yaml.resolver.BaseResolver):
    yaml_implicit_resolvers = _EditorLoader.yaml_implicit_resolvers


# A plain scalar's tag depends on its text alone (the loader resolves no paths), and the same texts
# recur in file after file (roles, names, true, dates): each is tried against the resolvers'
# patterns once, not in every file.
_implicit_tag = lru_cache(maxsize=1 << 14)(partial(_ScalarResolver().resolve, yaml.ScalarNode))


def _scalar(tag: str, value: str) -> Any:
    """What SafeConstructor makes of a scalar of these tags (an int matches _EditorLoader's
    pattern: decimal digits and underscores)."""
    if tag == _STR:
        return value
    if tag == _INT:
        return int(value.replace("_", ""))
    if tag == _NULL:
        return None
    if tag == _BOOL:
        return _BOOLS[value.lower()]
    raise _Unusual


class _Building:
    """A list or dict being built: its key path, and in a dict the key waiting for its value (as
    written, and as built) and the keys seen so far."""

    __slots__ = ("value", "path", "is_list", "written", "key", "keys")

    def __init__(self, value: list | dict, path: KeyPath):
        self.value, self.path, self.is_list = value, path, isinstance(value, list)
        self.written: str | None = None
        self.key: Any = None
        self.keys: set[str] = set()


def _build(loader: yaml.SafeLoader) -> YamlDocument:
    """The document's values and lines straight from the parser's events: what _compose and
    construct_document make of it, without a node per value. The events are checked against the
    limits in _compose's order, so a document that breaks one fails here as it would there;
    _Unusual for the shapes left to _compose."""
    lines: dict[KeyPath, int] = {}
    loader.get_event()  # stream start
    if loader.check_event(yaml.StreamEndEvent):
        return YamlDocument(None)
    loader.get_event()  # document start
    stack: list[_Building] = []
    count = 0
    root: Any = None
    while True:
        event = loader.get_event()
        if isinstance(event, yaml.CollectionEndEvent):
            closed = stack.pop()
            if not stack:
                root = closed.value
                break
            continue
        count = _admit(event, count)
        collection: _Building | None = None
        if isinstance(event, yaml.ScalarEvent):
            tag = _implicit_tag(event.value, event.implicit) if event.tag in (None, "!") else event.tag
            value = _scalar(tag, event.value)
        else:
            _refuse_depth(len(stack), event.start_mark)
            is_list = isinstance(event, yaml.SequenceStartEvent)
            kind = yaml.SequenceNode if is_list else yaml.MappingNode
            tag = loader.resolve(kind, None, event.implicit) if event.tag in (None, "!") else event.tag
            if tag != (_SEQ if is_list else _MAP):
                raise _Unusual
            value = [] if is_list else {}
            collection = _Building(value, ())
        if stack:
            parent = stack[-1]
            if parent.is_list:
                path = parent.path + (len(parent.value),)
                parent.value.append(value)
                lines[path] = event.start_mark.line
            elif parent.written is None:  # a mapping's key; its value comes next
                if collection is not None:
                    raise _Unusual
                written = event.value
                if written in parent.keys:
                    raise DuplicateKey(written, event.start_mark.line)
                parent.keys.add(written)
                lines[parent.path + (written,)] = event.start_mark.line
                parent.written, parent.key = written, value
                continue
            else:
                parent.value[parent.key] = value
                path = parent.path + (parent.written,)
                parent.written = None
            if collection is not None:
                collection.path = path
        if collection is not None:
            stack.append(collection)
        elif not stack:
            root = value
            break
    _end_document(loader)
    return YamlDocument(root, lines)


def parse_yaml(text: str) -> YamlDocument:
    """Parse one YAML document; raises yaml.YAMLError (with problem_mark), DuplicateKey or
    YamlLimit, each with the line. Nearly every document is built from the parser's events
    directly (_build); the rare shapes it leaves are composed as nodes and constructed by PyYAML."""
    loader = _EditorLoader(text)
    try:
        return _build(loader)
    except _Unusual:
        pass
    finally:
        loader.dispose()
    loader = _EditorLoader(text)
    try:
        node, lines = _compose(loader)
        if node is None:
            return YamlDocument(None)
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
    if isinstance(exc, (DuplicateKey, YamlLimit)):
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
    if isinstance(exc, YamlLimit):
        return exc.message, exc.hint
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
