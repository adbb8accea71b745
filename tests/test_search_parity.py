"""Every word of the sample text becomes the same term in Python (build) and in lunr.js (browser).

If they differed, a query would silently miss documents. Runs assets/search/stemmer-sv.js with
the vendored lunr.js in node, over the words of the seed minutes, the content/ folder and the
sample archive.
"""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.search import SearchDocument
from generator.search.pipeline import compound_parts, index_term, normalize_text, stem, tokenize, trim
from generator.search.shards import decode_body, shard_records
from generator.search.writer import FIELDS, write_index
from fixtures.search_sample import SAMPLE_DOCUMENTS
from fixtures.search_synthetic import WORDS
from generator.theme import ASSETS

REPO = Path(__file__).resolve().parent.parent
NODE = shutil.which("node")

pytestmark = pytest.mark.skipif(NODE is None, reason="node is needed to run lunr.js")

# Reads raw tokens on stdin; prints, per token, the index term (trim, stop words, stem) and the
# query term (lunr's search pipeline: trimmer-sv, stemmer-sv), as the browser computes them.
NODE_SCRIPT = r"""
const path = require("path");
const assets = process.argv[1];
const lunr = require(path.join(assets, "vendor/lunr/lunr.js"));
const swedish = require(path.join(assets, "search/stemmer-sv.js"))(lunr);
const pipeline = lunr.Pipeline.load(["trimmer-sv", "stemmer-sv"]);
let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const tokens = JSON.parse(input);
  const out = tokens.map((t) => [swedish.term(t), pipeline.runString(t.toLowerCase()), swedish.stem(t)]);
  process.stdout.write(JSON.stringify(out));
});
"""

# Forms whose stems matter to the archive's searches, and forms that stress the algorithm's special cases
# (the "-et" condition, "-öst", "-fullt", consonant pairs, non-Swedish letters).
EXTRA = """avtalet avtalets avtalen beslutade beslutet beslutat kommunchefsgruppen kommuncheferna
flyktingmottagning flyktingmottagningen Visma fabet paket kometen bidraget ritet dit länet högst
frost ängslöst fullt vackert sannolikt gammalt bredd snyggt workshop café naïve Ægir 2017
18:e §18 1,5 miljoner kr ŉ ﬁnal İstanbul
samverkansavtal samverkansavtalet budgetuppföljning budgetuppföljningen flyktingmottagningsverksamheterna
kyrkogård kyrkogården kyrkogårdar""".split()


def sample_text() -> str:
    parts = [document.title + " " + document.text for document in SAMPLE_DOCUMENTS]
    parts += WORDS + EXTRA
    seeds = REPO.parent / "shared" / "seeds"
    for folder, pattern in ((seeds, "*.txt"), (REPO / "content", "**/*.md")):
        if folder.is_dir():
            parts += [path.read_text(encoding="utf-8") for path in sorted(folder.glob(pattern))]
    return "\n".join(parts)


def run_node(tokens: list[str]) -> list[list]:
    result = subprocess.run([NODE, "-e", NODE_SCRIPT, str(ASSETS)], input=json.dumps(tokens),
                            capture_output=True, text=True, check=True, timeout=120)
    return json.loads(result.stdout)


def test_every_sample_word_gives_the_same_terms_in_python_and_lunr_js() -> None:
    tokens = sorted(set(tokenize(normalize_text(sample_text()))))
    assert len(tokens) > 500
    browser = run_node(tokens)
    mismatches = []
    for token, (js_index_term, js_query_terms, js_stem) in zip(tokens, browser):
        python_index_term = index_term(token) or ""
        word = trim(token)
        python_query_terms = [stem(word)] if word else []
        if (js_index_term, js_query_terms, js_stem) != (python_index_term, python_query_terms, stem(token)):
            mismatches.append((token, python_index_term, js_index_term, python_query_terms, js_query_terms))
    assert mismatches == []


def test_the_issues_examples_stem_together_in_the_browser() -> None:
    terms = [row[0] for row in run_node(["avtalet", "avtal", "beslutade", "beslut"])]
    assert terms == ["avtal", "avtal", "beslut", "beslut"]


def test_lunr_languages_stemmer_would_not_find_avtal() -> None:
    """Why stemmer-sv.js exists: lunr-languages' sv stemmer predates Snowball 3's "-et" rule."""
    script = r"""
    const path = require("path"), vendor = path.join(process.argv[1], "vendor");
    const lunr = require(path.join(vendor, "lunr/lunr.js"));
    require(path.join(vendor, "lunr-languages/lunr.stemmer.support.js"))(lunr);
    require(path.join(vendor, "lunr-languages/lunr.sv.js"))(lunr);
    process.stdout.write(lunr.sv.stemmer(new lunr.Token("avtalet")).toString());
    """
    result = subprocess.run([NODE, "-e", script, str(ASSETS)], capture_output=True, text=True,
                            check=True, timeout=60)
    assert result.stdout == "avtalet" != stem("avtalet")


# ---- English: the same analysis for English documents (stemmer-en.js, language-en.js) ----

ENGLISH_NODE_SCRIPT = r"""
const path = require("path");
const assets = process.argv[1];
const english = require(path.join(assets, "search/language-en.js"))(require(path.join(assets, "search/stemmer-en.js")));
let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const tokens = JSON.parse(input);
  process.stdout.write(JSON.stringify(tokens.map((t) => [english.term(t), english.stem(t)])));
});
"""

# Forms that stress the English algorithm: its exceptions (skies, dying, news, gently), Step 1b's
# -eed/-ing rules, the y to Y prelude, apostrophes, and the words of the issue.
ENGLISH_EXTRA = """decorator decorators decorated var the of meetings agreed agreement
generously happily skies dying lying news cannot gently early only singly sky idly ugly
communication organisational organizational hopping hoping filing feed proceed succeed
exceed knightly yelling sayings boy's o'clock Yale Y yyy café naïve 2017 £1,500 p.m. e-mail""".split()


def english_text() -> str:
    parts = [path.read_text(encoding="utf-8") for path in sorted((REPO / "docs").glob("*.md"))]
    parts.append((REPO / "README.md").read_text(encoding="utf-8"))
    return "\n".join(parts + ENGLISH_EXTRA)


def test_every_english_word_gives_the_same_term_in_python_and_the_browser() -> None:
    from generator.search.pipeline import stem_in

    tokens = sorted(set(tokenize(normalize_text(english_text()))))
    assert len(tokens) > 2000
    result = subprocess.run([NODE, "-e", ENGLISH_NODE_SCRIPT, str(ASSETS)], input=json.dumps(tokens),
                            capture_output=True, text=True, check=True, timeout=120)
    browser = json.loads(result.stdout)
    mismatches = [(token, index_term(token, "en") or "", stem_in(token, "en"), js)
                  for token, js in zip(tokens, browser)
                  if js != [index_term(token, "en") or "", stem_in(token, "en")]]
    assert mismatches == []


def test_english_stems_and_stop_words_are_english() -> None:
    # decorator and decorators find each other; "var" is a word in English, "the" and "of" go.
    assert index_term("decorators", "en") == index_term("decorator", "en") == "decor"
    assert index_term("var", "en") == "var" and index_term("var", "sv") is None
    assert index_term("the", "en") is None and index_term("of", "en") is None


def test_the_browser_has_the_build_english_stop_words() -> None:
    from generator.search.pipeline import STOP_WORDS_BY_LANGUAGE

    script = (ASSETS / "search" / "language-en.js").read_text(encoding="utf-8")
    listed = script.split('new Set(("', 1)[1].split('")', 1)[0].split(" ")
    assert sorted(listed) == sorted(STOP_WORDS_BY_LANGUAGE["en"]) and len(listed) == 174


def test_the_english_stemmer_file_is_what_the_generator_makes() -> None:
    from generator.search.snowball_js import translate

    assert (ASSETS / "search" / "stemmer-en.js").read_text(encoding="utf-8") == translate("english")


# Compounds, and words a citizen may type for their parts (in another inflection than the
# compound holds them: mottagning, not mottagnings-).
COMPOUNDS = {
    "samverkansavtal": ["samverkan", "avtal", "avtalet"],
    "budgetuppföljning": ["budget", "uppföljning", "uppföljningen"],
    "flyktingmottagningsverksamheterna": ["flyktingmottagning", "flykting", "mottagning", "verksamhet"],
    "kyrkogård": ["kyrka", "gård", "gården"],  # not "kyrkan": Snowball leaves -an (docs/search.md)
}

# Per compound: its index term and the browser's cut of it into index terms (engine.js
# splitCompound, what a query compound few items hold whole is searched as), given the index's
# vocabulary on stdin; and per part word, its query term (lunr's search pipeline).
COMPOUND_SCRIPT = r"""
const path = require("path");
const assets = process.argv[1];
const lunr = require(path.join(assets, "vendor/lunr/lunr.js"));
const swedish = require(path.join(assets, "search/stemmer-sv.js"))(lunr);
const engine = require(path.join(assets, "search/engine.js"));
const pipeline = lunr.Pipeline.load(["trimmer-sv", "stemmer-sv"]);
let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const { compounds, vocabulary } = JSON.parse(input), known = new Set(vocabulary);
  const out = {};
  for (const [word, parts] of Object.entries(compounds)) {
    out[word] = {
      term: swedish.term(word),
      cut: engine.splitCompound(swedish.term(word), known, swedish.stem),
      queries: parts.map((part) => pipeline.runString(part.toLowerCase())),
    };
  }
  process.stdout.write(JSON.stringify(out));
});
"""


def test_a_query_of_a_compounds_part_finds_it_through_the_index(tmp_path: Path) -> None:
    """The build splits a Swedish compound into parts (compounds.split) and indexes them in the
    parts field; the browser does not split index terms, so each part a citizen types must
    become, in the browser, the very term the build indexed for the compound. And where the
    browser cuts a query compound itself (few items write it whole), its cut must be into parts
    the build also finds."""
    documents = [SearchDocument(ref=f"b/2020-01-0{n + 1}#p1", url=f"b/2020-01-0{n + 1}.html#p1", body="b",
                                body_name="B", date=f"2020-01-0{n + 1}", status="justerat", item_number="1",
                                title="Punkt", text=f"Vi talade om {word}.")
                 for n, word in enumerate(COMPOUNDS)]
    write_index(documents, tmp_path, jobs=1)
    search = tmp_path / "search"
    records = {}
    for shard in sorted((search / "terms").iterdir()):
        for term, _, body in shard_records(gzip.decompress(shard.read_bytes()), len(FIELDS)):
            records[term] = decode_body(body, len(FIELDS))
    vocabulary = gzip.decompress((search / "words.txt.gz").read_bytes()).decode().split("\n")
    result = subprocess.run([NODE, "-e", COMPOUND_SCRIPT, str(ASSETS)], capture_output=True, text=True, check=True,
                            input=json.dumps({"compounds": COMPOUNDS, "vocabulary": vocabulary}), timeout=120)
    browser = json.loads(result.stdout)
    parts_field = [f.name for f in FIELDS].index("parts")
    for doc_id, (word, typed) in enumerate(COMPOUNDS.items()):
        term = index_term(word)
        assert browser[word]["term"] == term
        built = compound_parts(term, {term})
        assert len(built) >= 2, (word, built)
        for part, query in zip(typed, browser[word]["queries"]):
            assert len(query) == 1 and query[0] in built, (word, part, query, built)
            assert doc_id in records[query[0]][3][parts_field], (word, part)  # found through the index
        assert len(browser[word]["cut"]) >= 2 and set(browser[word]["cut"]) <= set(built), (word, browser[word]["cut"], built)
