"""Translate a Snowball stemmer as snowballstemmer generates it in Python into JavaScript.

    python -m generator.search.snowball_js english > generator/theme/assets/search/stemmer-en.js

The browser must stem exactly as the build does, and npm's Snowball ports are of older
algorithms. snowballstemmer's Python is generated code in a small, regular subset of Python
(labels are exceptions raised and caught in the same method), so it translates line by line: a
`try: ... except labN: pass` becomes a labelled block `labN: { ... }` and `raise labN()` a
`break labN`. tests/test_search_parity.py checks that the file is what this prints and that it
stems every word of the test texts as snowballstemmer does.
"""

from __future__ import annotations

import inspect
import re
import sys
from importlib import import_module, metadata

_RUNTIME = r"""
  function Among(s, sub, result) {
    this.s = Array.from(s);
    this.sub = sub;
    this.result = result;
  }

  /* snowballstemmer's BaseStemmer, on arrays of code points as Python indexes strings. */
  function Base(word) {
    this.current = Array.from(word);
    this.cursor = 0;
    this.limit = this.current.length;
    this.limit_backward = 0;
    this.bra = 0;
    this.ket = this.limit;
  }
  function has(g, c) { return typeof g === "string" ? g.indexOf(c) >= 0 : g.has(c); }
  Base.prototype.in_grouping = function (g) {
    if (this.cursor >= this.limit || !has(g, this.current[this.cursor])) return false;
    this.cursor += 1; return true;
  };
  Base.prototype.go_in_grouping = function (g) {
    while (this.cursor < this.limit) { if (!has(g, this.current[this.cursor])) return true; this.cursor += 1; }
    return false;
  };
  Base.prototype.in_grouping_b = function (g) {
    if (this.cursor <= this.limit_backward || !has(g, this.current[this.cursor - 1])) return false;
    this.cursor -= 1; return true;
  };
  Base.prototype.go_in_grouping_b = function (g) {
    while (this.cursor > this.limit_backward) { if (!has(g, this.current[this.cursor - 1])) return true; this.cursor -= 1; }
    return false;
  };
  Base.prototype.out_grouping = function (g) {
    if (this.cursor >= this.limit || has(g, this.current[this.cursor])) return false;
    this.cursor += 1; return true;
  };
  Base.prototype.go_out_grouping = function (g) {
    while (this.cursor < this.limit) { if (has(g, this.current[this.cursor])) return true; this.cursor += 1; }
    return false;
  };
  Base.prototype.out_grouping_b = function (g) {
    if (this.cursor <= this.limit_backward || has(g, this.current[this.cursor - 1])) return false;
    this.cursor -= 1; return true;
  };
  Base.prototype.go_out_grouping_b = function (g) {
    while (this.cursor > this.limit_backward) { if (has(g, this.current[this.cursor - 1])) return true; this.cursor -= 1; }
    return false;
  };
  Base.prototype.eq_s = function (s) {
    var chars = Array.from(s);
    if (this.limit - this.cursor < chars.length) return false;
    for (var i = 0; i < chars.length; i++) if (this.current[this.cursor + i] !== chars[i]) return false;
    this.cursor += chars.length; return true;
  };
  Base.prototype.eq_s_b = function (s) {
    var chars = Array.from(s);
    if (this.cursor - this.limit_backward < chars.length) return false;
    for (var i = 0; i < chars.length; i++) if (this.current[this.cursor - chars.length + i] !== chars[i]) return false;
    this.cursor -= chars.length; return true;
  };
  Base.prototype.find_among = function (v) {
    var i = 0, j = v.length, c = this.cursor, l = this.limit, commonI = 0, commonJ = 0, first = false;
    for (;;) {
      var k = i + ((j - i) >> 1), diff = 0, common = Math.min(commonI, commonJ), w = v[k];
      for (var i2 = common; i2 < w.s.length; i2++) {
        if (c + common === l) { diff = -1; break; }
        diff = this.current[c + common].codePointAt(0) - w.s[i2].codePointAt(0);
        if (diff !== 0) break;
        common += 1;
      }
      if (diff < 0) { j = k; commonJ = common; } else { i = k; commonI = common; }
      if (j - i <= 1) { if (i > 0 || j === i || first) break; first = true; }
    }
    for (;;) {
      var entry = v[i];
      if (commonI >= entry.s.length) { this.cursor = c + entry.s.length; return entry.result; }
      i = entry.sub;
      if (i < 0) return 0;
    }
  };
  Base.prototype.find_among_b = function (v) {
    var i = 0, j = v.length, c = this.cursor, lb = this.limit_backward, commonI = 0, commonJ = 0, first = false;
    for (;;) {
      var k = i + ((j - i) >> 1), diff = 0, common = Math.min(commonI, commonJ), w = v[k];
      for (var i2 = w.s.length - 1 - common; i2 >= 0; i2--) {
        if (c - common === lb) { diff = -1; break; }
        diff = this.current[c - 1 - common].codePointAt(0) - w.s[i2].codePointAt(0);
        if (diff !== 0) break;
        common += 1;
      }
      if (diff < 0) { j = k; commonJ = common; } else { i = k; commonI = common; }
      if (j - i <= 1) { if (i > 0 || j === i || first) break; first = true; }
    }
    for (;;) {
      var entry = v[i];
      if (commonI >= entry.s.length) { this.cursor = c - entry.s.length; return entry.result; }
      i = entry.sub;
      if (i < 0) return 0;
    }
  };
  Base.prototype.replace_s = function (bra, ket, s) {
    var chars = Array.from(s), adjustment = chars.length - (ket - bra);
    this.current = this.current.slice(0, bra).concat(chars, this.current.slice(ket));
    this.limit += adjustment;
    if (this.cursor >= ket) this.cursor += adjustment;
    else if (this.cursor > bra) this.cursor = bra;
    return adjustment;
  };
  Base.prototype.slice_from = function (s) {
    this.replace_s(this.bra, this.ket, s);
    this.ket = this.bra + Array.from(s).length;
    return true;
  };
  Base.prototype.slice_del = function () { return this.slice_from(""); };
  Base.prototype.insert = function (bra, ket, s) {
    var adjustment = this.replace_s(bra, ket, s);
    if (bra <= this.bra) this.bra += adjustment;
    if (bra <= this.ket) this.ket += adjustment;
  };
"""


def _expression(text: str, cls: str) -> str:
    text = re.sub(rf"\b{cls}\.", "S.", text)
    text = text.replace("self.__r_", "this.r_").replace("self.", "this.")
    text = re.sub(r"\bnot\s+", "!", text)
    text = re.sub(r"\band\b", "&&", text)
    text = re.sub(r"\bor\b", "||", text)
    text = re.sub(r"\bTrue\b", "true", text)
    text = re.sub(r"\bFalse\b", "false", text)
    text = re.sub(r"(?<![=!<>])==(?!=)", "===", text)
    text = re.sub(r"!=(?!=)", "!==", text)
    return text


def _value(text: str) -> str:
    """A class attribute's value: a string, a set of strings, a tuple of strings or an int/bool."""
    text = text.strip()
    if text.startswith("{"):
        return "new Set([" + text[1:-1] + "])"
    if text.startswith("("):
        return "[" + text[1:-1] + "]"
    return _expression(text, "")


def translate(language: str) -> str:
    module = import_module(f"snowballstemmer.{language}_stemmer")
    cls = next(name for name, value in vars(module).items()
               if inspect.isclass(value) and name.endswith("Stemmer") and name != "BaseStemmer")
    source = inspect.getsource(module)
    lines = source.splitlines()
    out: list[str] = []
    statics: list[str] = []
    methods: list[str] = []
    i = 0
    # Class attributes (groupings, among tables, variables) and methods.
    body = [line for line in lines[lines.index(next(l for l in lines if l.startswith(f"class {cls}"))) + 1:]]
    end = next((n for n, line in enumerate(body) if line.startswith("class lab")), len(body))
    body = body[:end]
    variables: list[str] = []
    while i < len(body):
        line = body[i]
        stripped = line.strip()
        if not stripped or stripped.startswith(("'''", "This class", "Generated from")) or stripped == "'''":
            i += 1
            continue
        if line.startswith("    def "):
            start = i
            i += 1
            while i < len(body) and (not body[i].strip() or body[i].startswith("        ")):
                i += 1
            methods.append(_method(body[start:i], cls))
            continue
        match = re.match(r"    (\w+) = (.*)$", line)
        if match:
            name, value = match.groups()
            if value.strip() == "[":
                rows = []
                i += 1
                while body[i].strip() != "]":
                    row = re.match(r'\s*Among\(("(?:[^"\\]|\\.)*"), (-?\d+), (-?\d+)(?:, .*)?\),?$', body[i])
                    if row is None:
                        raise ValueError(f"cannot translate an among row: {body[i]!r}")
                    rows.append(f"new Among({row.group(1)}, {row.group(2)}, {row.group(3)})")
                    i += 1
                statics.append(f"  S.{name} = [\n    " + ",\n    ".join(rows) + "\n  ];")
            elif name.startswith(("I_", "B_", "S_")):
                variables.append(f"    this.{name} = {_value(value)};")
            else:
                statics.append(f"  S.{name} = {_value(value)};")
        i += 1
    version = metadata.version("snowballstemmer")
    out.append(f"/*\n * {language.capitalize()} Snowball stemmer for the browser: generated by"
               f" generator/search/snowball_js.py\n * from snowballstemmer {version}"
               f" ({module.__name__}); do not edit. It stems as the build does.\n */")
    out.append("(function (root, factory) {")
    out.append('  if (typeof module === "object" && module.exports) module.exports = factory();')
    out.append(f"  else (root.MinutesStemmers = root.MinutesStemmers || {{}}).{language} = factory();")
    out.append('})(typeof self !== "undefined" ? self : this, function () {')
    out.append('  "use strict";')
    out.append(_RUNTIME.rstrip("\n"))
    out.append("  var S = {};")
    out.extend(statics)
    out.append("  function Stemmer(word) {")
    out.append("    Base.call(this, word);")
    out.extend(variables)
    out.append("  }")
    out.append("  Stemmer.prototype = Object.create(Base.prototype);")
    out.extend(methods)
    out.append("  var cache = new Map();")
    out.append("  return function stem(word) {")
    out.append("    var stemmed = cache.get(word);")
    out.append("    if (stemmed === undefined) {")
    out.append("      var stemmer = new Stemmer(word);")
    out.append("      stemmer._stem();")
    out.append('      stemmed = stemmer.current.join("");')
    out.append("      if (cache.size > 50000) cache.clear();")
    out.append("      cache.set(word, stemmed);")
    out.append("    }")
    out.append("    return stemmed;")
    out.append("  };")
    out.append("});")
    return "\n".join(out) + "\n"


def _method(lines: list[str], cls: str) -> str:
    name = re.match(r"\s*def (\w+)\(self\):", lines[0]).group(1)
    js_name = name.replace("__r_", "r_")
    out = [f"  Stemmer.prototype.{js_name} = function () {{"]
    # (indent of the Python block, closing text) for every open JS block.
    stack: list[tuple[int, str]] = []
    body = [line for line in lines[1:] if line.strip()]
    for number, line in enumerate(body):
        indent = len(line) - len(line.lstrip())
        stripped = line.strip()
        # Close blocks this line is not inside; an elif/else/except continues its if/try.
        while stack and indent <= stack[-1][0]:
            if indent == stack[-1][0] and stripped.startswith(("elif ", "else:")):
                break  # the if goes on: "} else ..." below closes its block
            block_indent, closing = stack.pop()
            out.append(" " * (block_indent - 4) + closing)
        pad = " " * (indent - 4)
        if stripped == "try:":
            label = _label_of_try(body, number, indent)
            out.append(f"{pad}{label}: {{")
            stack.append((indent, "}"))
        elif re.match(r"except lab\d+: pass$", stripped):
            continue
        elif stripped == "while True:":
            out.append(f"{pad}while (true) {{")
            stack.append((indent, "}"))
        elif stripped.startswith("if ") and stripped.endswith(":"):
            out.append(f"{pad}if ({_expression(stripped[3:-1], cls)}) {{")
            stack.append((indent, "}"))
        elif stripped.startswith("elif ") and stripped.endswith(":"):
            stack.pop()
            out.append(f"{pad}}} else if ({_expression(stripped[5:-1], cls)}) {{")
            stack.append((indent, "}"))
        elif stripped == "else:":
            stack.pop()
            out.append(f"{pad}}} else {{")
            stack.append((indent, "}"))
        elif match := re.match(r"raise (lab\d+)\(\)$", stripped):
            out.append(f"{pad}break {match.group(1)};")
        elif stripped in ("break", "continue", "pass"):
            if stripped != "pass":
                out.append(f"{pad}{stripped};")
        elif stripped.startswith("return"):
            out.append(f"{pad}{_expression(stripped, cls)};")
        elif match := re.match(r"(v_\d+|among_var) = (.*)$", stripped):
            out.append(f"{pad}var {match.group(1)} = {_expression(match.group(2), cls)};")
        else:
            out.append(f"{pad}{_expression(stripped, cls)};")
    while stack:
        block_indent, closing = stack.pop()
        out.append(" " * (block_indent - 4) + closing)
    out.append("  };")
    return "\n".join(out)


def _label_of_try(body: list[str], number: int, indent: int) -> str:
    for line in body[number + 1:]:
        line_indent = len(line) - len(line.lstrip())
        if line_indent == indent:
            match = re.match(r"\s*except (lab\d+): pass$", line)
            if match:
                return match.group(1)
        if line_indent < indent:
            break
    raise ValueError(f"a try without its except: line {number}")


if __name__ == "__main__":
    sys.stdout.write(translate(sys.argv[1] if len(sys.argv) > 1 else "english"))
