"""The fast mention finder must find exactly what the mention regex finds on its own."""

import random

from generator.model.crosslinks import _MENTION, _mentions

PIECES = ["möte", "mötet", "KC", "KC-möte", "Föregående", "kommunchefsgruppens", "den", "Den", "att", "x",
          "2017-06-08", "170608", "20170608", "1706081", "2017-06-081", "12345", "-", "(", ")", ":", "&gt;",
          "&lt;", "a:b", "_", "é", "9a", "möte:", "regionrådsmöte", "RR"]
SPACES = [" ", " ", " ", "  ", "\n", "\t", "\u00a0", "\u2009", ""]


def random_text(rng: random.Random) -> str:
    return "".join(rng.choice(PIECES) + rng.choice(SPACES) for _ in range(rng.randint(0, 14)))


def test_mentions_equal_a_full_regex_scan():
    rng = random.Random(20240611)
    texts = [random_text(rng) for _ in range(20000)]
    texts += ["Föregående möte 2017-06-08 och KC den 170608, KC 20170608.", "möte 170608 möte 170609",
              "a b c den 2017-06-08", "KC  den  170608-"]
    found = 0
    for text in texts:
        expected = [(m.span(), m.groupdict()) for m in _MENTION.finditer(text)]
        assert [(m.span(), m.groupdict()) for m in _mentions(text)] == expected, text
        found += len(expected)
    assert found > 1000  # the random texts do exercise the mentions


def test_a_text_without_the_date_of_another_meeting_of_the_body_has_no_mention_that_links():
    """link_text and link_html skip texts whose dates name no other meeting of the body; that
    test must never skip a mention that would link."""
    import datetime as dt

    from generator.model.crosslinks import MeetingLinker
    from generator.common.errors import SourceLocation
    from generator.model.domain import Archive, Body, Meeting

    def meeting(slug: str, date: str) -> Meeting:
        return Meeting(body_slug=slug, slug=date, date=dt.date.fromisoformat(date), date_note="", start="", end="",
                       place="", kind="protokoll", title="", number="", status="justerat", approval=None,
                       anslag=None, participants=(), source_note="", published=None, corrections=(),
                       preamble=(), items=())

    kc = Body("kc", "Kommunchefsgruppen", "KC", "Umeåregionen", "", (), "", SourceLocation(""))
    rr = Body("rr", "Regionrådet", "RR", "Umeåregionen", "", (), "", SourceLocation(""))
    here = meeting("kc", "2017-08-17")
    # 2017-06-08 is a KC meeting; 2018-01-01 only the RR's (another body); 2017-08-17 is this one.
    archive = Archive(bodies=(kc, rr), meetings=(meeting("kc", "2017-06-08"), here, meeting("rr", "2018-01-01")))
    linker = MeetingLinker(archive)
    rng = random.Random(20261123)
    pieces = PIECES + ["2018-01-01", "180101", "2017-08-17", "170817", "KC-mötet", "<b>", "</b>"]
    linked = skipped = 0
    for _ in range(20000):
        text = "".join(rng.choice(pieces) + rng.choice(SPACES) for _ in range(rng.randint(0, 14)))
        would_link = any(linker.target(here, m.group("lead"), m.group("prev") or "", m.group("date"))
                         for m in _mentions(text))
        if not linker._names_another_meeting(text, here):
            assert not would_link, text
            assert linker.link_text(text, here, "") == text and linker.link_html(text, here, "") == text
            skipped += 1
        linked += would_link
    assert linked > 100 and skipped > 1000  # both kinds of text are exercised


def test_the_digit_first_date_pattern_after_whitespace_finds_what_the_date_pattern_finds():
    from generator.model.crosslinks import _DATE, _DATE_DIGITS

    rng = random.Random(7)
    pieces = PIECES + ["1", "12", "2017-06-0", "-2017-06-08", "x2017-06-08", "٢٠١٧-٠٦-٠٨", "1706081x", "2017-06-08-"]
    for _ in range(20000):
        text = "".join(rng.choice(pieces) + rng.choice(SPACES) for _ in range(rng.randint(0, 14)))
        digits = [m.span() for m in _DATE_DIGITS.finditer(text) if m.start() and text[m.start() - 1].isspace()]
        assert digits == [m.span() for m in _DATE.finditer(text)], text
