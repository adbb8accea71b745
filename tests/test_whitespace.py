from hypothesis import given, settings, strategies as st

from generator.common.whitespace import collapse_whitespace

# Every kind of character the fast path must tell apart: spaces alone and in runs, the other
# whitespace (line ends, tabs, no-break and ideographic spaces, the Unicode line separator and
# NEL), characters str.isprintable rejects that are not whitespace (soft hyphen, zero-width
# space, a control character), and letters.
_PIECES = ["a", "å", "b", " ", "  ", "\n", "\t", "\r", "\xa0", "\u3000", "\u2028", "\x85", "\x1c", "\xad", "\u200b",
           "\x07"]


@settings(max_examples=2000)
@given(st.lists(st.sampled_from(_PIECES), max_size=12).map("".join))
def test_whitespace_collapses_as_splitting_and_joining_does(text: str) -> None:
    assert collapse_whitespace(text) == " ".join(text.split())


def test_a_collapsed_text_is_returned_as_it_is() -> None:
    text = "Budgetuppföljning för 2026, Umeå kommun."
    assert collapse_whitespace(text) is text
    assert collapse_whitespace(" två  mellanslag\n") == "två mellanslag"
