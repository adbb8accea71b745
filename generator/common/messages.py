"""The command line's messages in the site's language.

Problems are made in English (file:line: message. hint); `translate` turns one into the site's
language with the catalogue generator/locales/problems/<language>.yml, whose keys are English
messages with {placeholders}. A hint of several sentences is translated sentence by sentence, so
composed hints ("Did you mean 'x'? A language is a file ...") need no entry of their own. Text
without an entry stays English. Summaries ("1 warning", "3 errors in 2 files") come from the
interface text (generator/locales/<language>.yml, `cli:`) with the language's plural rules.

MINUTES_MESSAGES_LANGUAGE, when set, overrides the site's language for these messages (a
maintainer who reads English working on a Swedish site; the test suite).
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

from generator.common.datafiles import read_yaml
from generator.common.i18n import available_languages, messages, plural

CATALOGUES = Path(__file__).parent.parent / "locales" / "problems"
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+(?=[A-Z'\"(])")


def message_language(site_language: str) -> str:
    override = os.environ.get("MINUTES_MESSAGES_LANGUAGE", "").strip()
    return override if override in available_languages() else site_language


@lru_cache(maxsize=None)
def _catalogue(language: str) -> tuple[dict[str, str], tuple[tuple[str, str, str], ...]]:
    path = CATALOGUES / f"{language}.yml"
    if not path.exists():
        return {}, ()
    entries: dict[str, str] = read_yaml(path) or {}
    exact = {key: value for key, value in entries.items() if not _PLACEHOLDER.search(key)}
    patterns = []
    for key, value in entries.items():
        if key in exact:
            continue
        regex, position = "", 0
        for match in _PLACEHOLDER.finditer(key):
            regex += re.escape(key[position:match.start()]) + f"(?P<{match.group(1)}>.+?)"
            position = match.end()
        regex += re.escape(key[position:])
        # The longest text between placeholders, which a message must hold for the pattern to
        # fit: a test of it is far cheaper than the match.
        fragment = max(_PLACEHOLDER.split(key)[::2], key=len)
        patterns.append((len(_PLACEHOLDER.sub("", key)), fragment, regex, value))
    # The most literal text first: "unknown key 'accessibility.{key}'." before "unknown key '{key}'."
    # before "unknown {line} '{value}'."
    patterns.sort(key=lambda entry: -entry[0])
    return exact, tuple((fragment, pattern, value) for _, fragment, pattern, value in patterns)


@lru_cache(maxsize=None)
def _compiled(pattern: str) -> re.Pattern[str]:
    """A catalogue pattern, compiled when a message first holds its fragment: a build's messages
    need a few of the catalogue's hundred and more, and compiling them all took 12 ms."""
    return re.compile(pattern, re.DOTALL)


def _one(text: str, language: str) -> str | None:
    exact, patterns = _catalogue(language)
    if text in exact:
        return exact[text]
    for fragment, pattern, translated in patterns:
        match = _compiled(pattern).fullmatch(text) if fragment in text else None
        if match:
            # Language names in a message ("is English") are words of the message's language.
            names = messages(language)["cli"].get("language_names", {})
            return _PLACEHOLDER.sub(lambda m: names.get(match.group(m.group(1)), match.group(m.group(1))), translated)
    return None


# A build reports the same message at every place it applies (a misspelt name at each meeting
# that writes it: tens of thousands of lines on a large archive), and each translation tries the
# catalogue's patterns one by one.
@lru_cache(maxsize=1 << 16)
def translate(text: str, language: str) -> str:
    """`text` (a message or a hint, in English) in `language`; English where no entry fits."""
    if not text or language == "en":
        return text
    whole = _one(text, language)
    if whole is not None:
        return whole
    sentences = _SENTENCE_END.split(text)
    if len(sentences) == 1:
        return text
    return " ".join(_one(sentence, language) or sentence for sentence in sentences)


def count(key: str, n: int, language: str) -> str:
    """'1 warning', '2 warnings', '1 varning', '2 varningar': the `cli.<key>` forms for `n`."""
    return plural(messages(language)["cli"][key], n, language)


def cli_text(key: str, language: str, **values: str) -> str:
    return messages(language)["cli"][key].format(**values)
