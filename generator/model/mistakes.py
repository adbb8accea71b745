"""Markdown mistakes that would publish a page silently lacking text, found in the token stream.

Each is an error with the file's line and what to write instead, so `check` catches it and
`build` refuses that file rather than publish a page without the text:

- a `::: sekretess` block never closed that holds a heading: the items after it, to the end of
  the file (or of the list item or quote it is in), would be cut as secret. Without a heading in
  it, the block only runs to the end of the file, as may be meant: a warning;
- a fenced code block never closed that holds a heading: the rest of the file, items and
  decisions included, would be shown as one block of code (without a heading in it: a warning);
- a line that looks like a heading but is not one (`##4. Upphandling`): the item would be folded
  into the one before it, and its decision filed under that item (`#1. ...`, one hash before a
  number, may be prose such as '#2 on the list': a warning).
"""

from __future__ import annotations

import re

from markdown_it.token import Token

from generator.common.errors import Problem, error, warning

# '##4. Upphandling', '###Beslut', '#1. Öppnande': hashes with no space before the text. One hash
# before a letter is left alone ('#metoo' in prose); before a number or § it is a heading slip.
_HEADING_SLIP = re.compile(r"^(?P<hashes>#{2,6})(?P<text>[^\s#].*)$|^(?P<hash>#)(?P<numbered>[\d§].*)$")
_QUOTE_OR_INDENT = re.compile(r"^[\s>]*")
_HEADING_LINE = re.compile(r"^#{1,6}\s", re.MULTILINE)


def _line(body_line: int, row: int) -> int:
    return body_line + row


def unclosed_blocks(tokens: list[Token], lines: list[str], rel: str, body_line: int) -> list[Problem]:
    problems: list[Problem] = []
    for index, token in enumerate(tokens):
        if token.type == "container_sekretess_open" and token.map:
            close = _matching_close(tokens, index)
            if close is not None and tokens[close].markup == "":
                swallows = any(inner.type == "heading_open" for inner in tokens[index:close])
                report = error if swallows else warning
                problems.append(report(rel, _line(body_line, token.map[0]),
                                       "this sekretess block is never closed: all the text after it "
                                       f"(to line {_line(body_line, token.map[1] - 1)}"
                                       + (", headings included" if swallows else "") + ") is removed as secret.",
                                       "End the secret text with a line ':::' of its own."))
        elif token.type == "fence" and token.map:
            last = lines[token.map[1] - 1] if token.map[1] - 1 < len(lines) else ""
            closing = _QUOTE_OR_INDENT.sub("", last).rstrip()
            marker = token.markup[0]
            closed = (token.map[1] - token.map[0] >= 2 and len(closing) >= len(token.markup)
                      and set(closing) == {marker})
            if not closed:
                swallows = bool(_HEADING_LINE.search(token.content))
                report = error if swallows else warning
                problems.append(report(rel, _line(body_line, token.map[0]),
                                       f"this code block ('{token.markup}') is never closed: the rest of the file "
                                       f"(to line {_line(body_line, token.map[1] - 1)}"
                                       + (", headings included" if swallows else "") + ") is shown as code.",
                                       f"End the code with a line '{token.markup}' of its own."))
    return problems


def _matching_close(tokens: list[Token], start: int) -> int | None:
    depth = 0
    for index in range(start, len(tokens)):
        if tokens[index].type == "container_sekretess_open":
            depth += 1
        elif tokens[index].type == "container_sekretess_close":
            depth -= 1
            if depth == 0:
                return index
    return None


def heading_slips(tokens: list[Token], rel: str, body_line: int) -> list[Problem]:
    """Paragraph lines that start like a heading without being one."""
    problems: list[Problem] = []
    for index, token in enumerate(tokens):
        if token.type != "inline" or not token.map or index == 0 or tokens[index - 1].type != "paragraph_open":
            continue
        if "#" not in token.content:
            continue
        for row, line in enumerate(token.content.split("\n")):
            match = _HEADING_SLIP.match(line.strip())
            if not match:
                continue
            # '#2 on the list' may be prose; '##4.' never is.
            report = warning if match.group("hash") else error
            hashes = match.group("hashes") or match.group("hash")
            text = match.group("text") or match.group("numbered")
            problems.append(report(rel, _line(body_line, token.map[0] + row),
                                  f"'{line.strip()}' looks like a heading but is not one (no space after '{hashes}'): "
                                  "it would be read as text of the item before it.",
                                  f"Write '{'##' if hashes == '#' else hashes} {text}'."))
    return problems
