"""Pickling of the model (common.compact): what many meetings write alike is one object after
unpickling, and the objects are the same as before."""

import pickle

from generator.common.errors import SourceLocation
from generator.model.domain import Action, Item


def _item(rel: str) -> Item:
    action = Action("Utreda", "Utreda", None, ("Anna Jansson",), "", SourceLocation(rel, 9))
    return Item(number="§ 3", title="Budget", anchor="punkt-3", kind="beslutsärende", presenters=("Erik Hansson",),
                attachments=(), sections=(), decisions=(), actions=(action,), redactions=(),
                location=SourceLocation(rel, 7))


def test_items_of_two_meetings_unpickle_equal_and_share_their_repeated_strings():
    first, second = _item("content/a/2020-01-01.md"), _item("content/a/2020-02-01.md")
    # Two pickles, as two meetings come from two workers (and one pickle memoizes by itself).
    again_first, again_second = pickle.loads(pickle.dumps(first)), pickle.loads(pickle.dumps(second))
    assert (again_first, again_second) == (first, second)
    assert again_first.anchor is again_second.anchor
    assert again_first.number is again_second.number
    assert again_first.presenters[0] is again_second.presenters[0]
    assert again_first.actions[0].responsible[0] is again_second.actions[0].responsible[0]
