"""Pickling of the model (common.compact): what many meetings write alike is one object after
unpickling, and the objects are the same as before."""

import pickle
from dataclasses import dataclass

import pytest

from generator.common.compact import pickled_by_fields
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


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class _Row:
    name: str
    when: tuple
    size: int = 0


def test_columns_round_trip_and_make_records_on_lookup(monkeypatch) -> None:
    import datetime as dt

    from generator.common import compact
    from generator.common.compact import Columns

    monkeypatch.setattr(compact._Packed, "CHUNK", 2)  # several chunks of the opaque field

    rows = {f"k{n}": _Row(f"name {n}", (dt.datetime(2020, 1, n + 1, tzinfo=dt.timezone.utc),), n) for n in range(5)}
    table = Columns(_Row, rows, opaque=("when",))
    again = pickle.loads(pickle.dumps(table, protocol=5))
    assert dict(again) == rows and list(again) == list(rows) and len(again) == 5
    assert "k3" in again and "k9" not in again and again["k2"] == rows["k2"]
    assert again.column("size") == (0, 1, 2, 3, 4) == tuple(again.values("size"))
    assert list(again.values("when")) == [row.when for row in rows.values()]
    with pytest.raises(ValueError):
        again.column("when")  # held pickled
    changed = again.replaced({"k1": _Row("other", (), 9)})
    assert changed["k1"] == _Row("other", (), 9) and again["k1"] == rows["k1"] and changed["k4"] == rows["k4"]
    changed = pickle.loads(pickle.dumps(changed, protocol=5))  # the changed chunk pickled again, the others kept
    assert [changed[key] for key in changed] == [rows["k0"], _Row("other", (), 9), rows["k2"], rows["k3"], rows["k4"]]
    assert changed.with_columns(size=[5, 6, 7, 8, 9]).column("size") == (5, 6, 7, 8, 9)
    with pytest.raises(ValueError):
        changed.with_columns(size=[1])
    with pytest.raises(KeyError):
        again["missing"]
