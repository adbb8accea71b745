"""Swedish compounds are indexed under their parts (generator/search/compounds.py)."""

from __future__ import annotations

import pytest

from generator.search import SearchDocument
from generator.search import compounds
from generator.search.pipeline import STOP_WORDS, analyse_document, stem
from generator.search.writer import field_values


def split(term: str, local=frozenset()) -> tuple[str, ...]:
    """The Swedish analysis's split, with its stemmer and stop words."""
    return compounds.split(term, local, stem, STOP_WORDS)


@pytest.mark.parametrize(("word", "parts"), [
    ("samverkansavtal", {"samverkan", "avtal"}),
    ("budgetuppföljning", {"budget", "uppföljning"}),
    ("flyktingmottagningsverksamheterna", {"flykting", "mottagning", "verksam"}),
    ("kommunchefsgruppen", {"kommunchef", "kommun", "chef", "grupp"}),
    ("sjukvårdsavtalet", {"sjukvård", "avtal"}),
    ("verksamhetsplan", {"verksam", "plan"}),  # verksamhet+s+plan, the first part as its stem
])
def test_a_compound_splits_into_its_parts(word: str, parts: set[str]) -> None:
    assert parts <= set(split(stem(word)))


@pytest.mark.parametrize("word", ["ordförande", "verksamhet", "information", "rapportera", "samverkan",
                                  "beslutade", "kommun"])
def test_a_word_that_is_not_a_compound_stays_whole(word: str) -> None:
    assert split(stem(word)) == ()


def test_the_document_own_words_count_as_parts() -> None:
    # "vismaavtal": Visma is no Swedish word, but the document also writes it alone.
    assert split("vismaavtal") == ()
    assert set(split("vismaavtal", {"visma"})) == {stem("visma"), "avtal"}  # parts as index terms


def test_parts_go_into_their_own_field_and_only_for_swedish() -> None:
    (title, _), (text, _), (parts, length) = analyse_document(("Samverkansavtal", "Sjukvårdsavtalet gäller."))
    assert "samverkansavtal" in title and "avtal" not in text
    assert parts["avtal"] == 2 and parts["samverkan"] == 1 and length == sum(parts.values())
    english = analyse_document(("Townhall decorators", "The boardroom"), "en")
    assert english[2] == ({}, 0)


def test_the_reference_index_sees_the_same_parts() -> None:
    document = SearchDocument(ref="a#1", url="a.html#1", body="a", body_name="A", date="2020-01-01",
                              status="justerat", item_number="1", title="Budgetuppföljning", text="Samverkansavtal")
    parts_text = field_values(document)[2].split()
    assert sorted(parts_text) == sorted(analyse_document((document.title, document.text))[2][0].elements())
    assert all(stem(part) == part for part in parts_text)  # lunr.py's pipeline leaves them as they are
