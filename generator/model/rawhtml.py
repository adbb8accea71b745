"""Raw HTML in Markdown: what is kept as HTML and what is shown as the text it is.

Minutes are full of things that look like tags and are not: `<stop>` in a delegate's statement,
generics such as `Ty<I>` or `Option<U>`, `<EOM>`, `<dyn FnOnce>`. A browser (and the sanitiser)
would read them as elements, which eats the text after them or italicises the rest of a list.
So raw HTML stays HTML only when every tag in it is an allowed element and each element that
opens also closes there; anything else is turned into text tokens here, which the renderer
escapes, and is shown exactly as written. The sanitiser (nh3) still cleans what is kept.
"""

from __future__ import annotations

import re
from typing import Callable
from urllib.parse import unquote

from markdown_it.token import Token

# Elements an editor may write as raw HTML (the sanitiser's allow-list is the same).
ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em", "h3", "h4", "h5",
    "h6", "hr", "i", "img", "ins", "li", "mark", "ol", "p", "pre", "s", "small", "strong", "sub",
    "sup", "table", "tbody", "td", "th", "thead", "tr", "u", "ul",
})
VOID_TAGS = frozenset({"br", "hr", "img"})
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})

_TAG = re.compile(r"<(?P<close>/)?(?P<name>[A-Za-z][A-Za-z0-9-]*)(?P<rest>[^>]*)>|<!--.*?-->|<[?!][^>]*>", re.DOTALL)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def _balanced(tags: list[tuple[str, bool, bool]]) -> list[bool]:
    """For each (name, is_close, self_closing) tag: may it stay HTML? Only allowed elements,
    that open and close in order (void elements need no close)."""
    keep = [False] * len(tags)
    stack: list[tuple[str, int]] = []
    for index, (name, is_close, self_closing) in enumerate(tags):
        name = name.lower()
        if name not in ALLOWED_TAGS:
            continue
        if name in VOID_TAGS and not is_close:
            keep[index] = True
        elif self_closing:
            continue
        elif not is_close:
            stack.append((name, index))
        elif stack and stack[-1][0] == name:
            keep[stack.pop()[1]] = keep[index] = True
    return keep


def _tag_of(html: str) -> tuple[str, bool, bool] | None:
    """(name, is_close, self_closing) of one tag; None for a comment or declaration."""
    match = _TAG.fullmatch(html.strip())
    if not match or not match.group("name"):
        return None
    return match.group("name"), bool(match.group("close")), match.group("rest").rstrip().endswith("/")


def block_is_html(content: str) -> bool:
    """Is a raw HTML block safe to keep as HTML: every tag allowed and closed, no ':::' line (a
    sekretess block inside raw HTML must still be found and cut)?"""
    if re.search(r"^\s*:::", content, re.MULTILINE):
        return False
    tags = [(m.group("name"), bool(m.group("close")), m.group("rest").rstrip().endswith("/"))
            for m in _TAG.finditer(content) if m.group("name")]
    return all(_balanced(tags)) if tags else True


def _as_text(content: str) -> Token:
    return Token("text", "", 0, content=content)


_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9.+-]{1,31}:[^<>\x00-\x20]*)>")


def _written_autolinks(source: str) -> list[str]:
    return [match.group(0) for match in _AUTOLINK.finditer(source)]


def fix_inline(children: list[Token], source: str = "") -> list[Token]:
    """An inline token's children with pseudo-tags and unknown autolinks turned into text."""
    if not any(child.type in ("html_inline", "link_open") for child in children):
        return children
    tags: list[tuple[int, tuple[str, bool, bool]]] = []
    for index, child in enumerate(children):
        if child.type == "html_inline":
            tag = _tag_of(child.content)
            if tag is not None:
                tags.append((index, tag))
    keep = dict(zip((index for index, _ in tags), _balanced([tag for _, tag in tags])))
    written = _written_autolinks(source) if "<" in source else []
    out: list[Token] = []
    dropped_links = 0  # open links of an unknown scheme: their closing tags go too
    index = 0
    while index < len(children):
        child = children[index]
        index += 1
        if child.type == "html_inline":
            is_comment = child.content.startswith("<!--")
            out.append(child if keep.get(index - 1, is_comment) else _as_text(child.content))
        elif child.type == "link_open" and not _allowed_url(child.attrGet("href")):
            if child.markup == "autolink":
                # '<time:2024-03-07T22:00:00+01:00>' is no link anyone can follow: show it as
                # written (the link's text is a normalised copy; skip it and the closing tag).
                out.append(_as_text(_written_autolink(child, written)))
                index += 2
            else:
                dropped_links += 1  # the link's text stays, the link goes
        elif child.type == "link_close" and dropped_links:
            dropped_links -= 1
        else:
            out.append(child)
    return out


def _written_autolink(link: Token, written: list[str]) -> str:
    """The autolink as the source writes it: markdown-it's normalised copy may not be (it reads
    the '+01:00' of a time as a port)."""
    href = str(link.attrGet("href") or "")
    scheme = href.split(":", 1)[0].lower()
    for index, candidate in enumerate(written):
        if candidate[1:].lower().startswith(scheme + ":"):
            return written.pop(index)
    return f"<{unquote(href)}>"


def _allowed_url(href: object) -> bool:
    text = str(href or "").strip()
    match = _SCHEME.match(text)
    return not match or match.group(0)[:-1].lower() in URL_SCHEMES


def fix_blocks(tokens: list[Token], reparse: Callable[[str], list[Token]]) -> list[Token]:
    """The token stream with each raw HTML block that is not safe to keep re-read as Markdown
    (its pseudo-tags then become text), and every inline token's children fixed."""
    out: list[Token] = []
    for token in tokens:
        if token.type == "html_block" and not block_is_html(token.content):
            for inner in reparse(token.content):
                inner.level += token.level
                if inner.map and token.map:
                    inner.map = [inner.map[0] + token.map[0], inner.map[1] + token.map[0]]
                if inner.type == "inline" and inner.children:
                    inner.children = fix_inline(inner.children, inner.content)
                out.append(inner)
            continue
        if token.type == "inline" and token.children:
            token.children = fix_inline(token.children, token.content)
        out.append(token)
    return out
