"""The fast mention finder must find exactly what the mention regex finds on its own."""

import random

from generator.crosslinks import _MENTION, _mentions

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
