"""Compact pickling for the frozen slots dataclasses that travel between processes and caches."""

from __future__ import annotations

import dataclasses
import operator
import pickle
from collections.abc import Iterator, Mapping, Sequence
from typing import TypeVar


def pickled_by_fields(cls: type | None = None, *, shared: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    """Pickle instances as their class and field values, rebuilt by calling the class.

    A slots dataclass otherwise pickles through copyreg with a list state, and unpickles through
    a __setstate__ that calls dataclasses.fields() and object.__setattr__ per field, per object:
    each meeting's result that a worker sends back holds hundreds of these objects. This way
    dumps takes half the time and loads two thirds (and the bytes are slightly fewer).

    The `shared` fields (a str, or a tuple of them) are unpickled as one object per distinct
    short value in the process: the anchors, numbers, presenters and responsible people that
    thousands of meetings write alike, and the build holds every meeting's copy of."""
    if cls is None:
        return lambda cls: _pickled_by_fields(cls, shared)
    return _pickled_by_fields(cls, shared)


def _pickled_by_fields(cls: type, shared: tuple[str, ...]) -> type:
    names = [f.name for f in dataclasses.fields(cls)]
    if shared:
        positions = [names.index(name) for name in shared]
        values = operator.attrgetter(*names)

        def rebuilt(*fields):  # type: ignore[no-untyped-def]
            fields = list(fields)
            for position in positions:
                fields[position] = _shared(fields[position])
            return cls(*fields)

        rebuilt.__qualname__ = f"{cls.__qualname__}.{rebuilt.__name__}"
        rebuilt.__module__ = cls.__module__
        cls.rebuilt = staticmethod(rebuilt)  # type: ignore[attr-defined]

        def reduce_shared(self):  # type: ignore[no-untyped-def]
            return rebuilt, values(self)

        cls.__reduce__ = reduce_shared  # type: ignore[method-assign]
    elif len(names) == 1:
        get = operator.attrgetter(names[0])

        def reduce_one(self):  # type: ignore[no-untyped-def]
            return type(self), (get(self),)

        cls.__reduce__ = reduce_one  # type: ignore[method-assign]
    else:
        values = operator.attrgetter(*names)

        def reduce(self):  # type: ignore[no-untyped-def]
            return type(self), values(self)

        cls.__reduce__ = reduce  # type: ignore[method-assign]
    return cls


_strings: dict[str, str] = {}
_SHORT = 80  # longer texts are seldom written alike, and would stay in _strings for good


def _shared(value):  # type: ignore[no-untyped-def]
    if type(value) is str:
        return _strings.setdefault(value, value) if len(value) <= _SHORT else value
    if type(value) is tuple:
        return tuple(_strings.setdefault(v, v) if type(v) is str and len(v) <= _SHORT else v for v in value)
    return value


R = TypeVar("R")


class Columns(Mapping[str, R]):
    """Records of one dataclass by key, held as one tuple per field.

    Pickled as those tuples, a table of ten thousand records loads and dumps in C with no Python
    call per record (the build's ledger, which every build reads and writes); a record is made
    when it is looked up. Values of the `opaque` fields are kept pickled, one bytes object per
    record, until their record is made: a value of many small objects (a file's history of
    datetimes) otherwise costs per object to unpickle, in every build, for the few records read."""

    __slots__ = ("record_type", "opaque", "_keys", "_columns", "_index")

    def __init__(self, record_type: type[R], records: Mapping[str, R] | None = None, opaque: tuple[str, ...] = ()):
        records = records or {}
        names = [f.name for f in dataclasses.fields(record_type)]  # type: ignore[arg-type]
        columns = []
        for name in names:
            values = [getattr(record, name) for record in records.values()]
            if name in opaque:
                values = [pickle.dumps(value, protocol=5) for value in values]
            columns.append(tuple(values))
        self._set(record_type, opaque, tuple(records), tuple(columns))

    def _set(self, record_type: type[R], opaque: tuple[str, ...], keys: tuple[str, ...],
             columns: tuple[tuple, ...]) -> None:
        self.record_type = record_type
        self.opaque = opaque
        self._keys = keys
        self._columns = columns
        self._index: dict[str, int] | None = None

    @classmethod
    def _made(cls, record_type: type[R], opaque: tuple[str, ...], keys: tuple[str, ...],
              columns: tuple[tuple, ...]) -> Columns[R]:
        table = cls.__new__(cls)
        table._set(record_type, opaque, keys, columns)
        return table

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return _columns, (self.record_type, self.opaque, self._keys, self._columns)

    def _names(self) -> list[str]:
        return [f.name for f in dataclasses.fields(self.record_type)]  # type: ignore[arg-type]

    def _row(self, key: str) -> int:
        if self._index is None:
            self._index = dict(zip(self._keys, range(len(self._keys))))
        return self._index[key]

    def __getitem__(self, key: str) -> R:
        row = self._row(key)
        values = [column[row] for column in self._columns]
        for position, name in enumerate(self._names()):
            if name in self.opaque:
                values[position] = pickle.loads(values[position])
        return self.record_type(*values)

    def __contains__(self, key: object) -> bool:
        try:
            self._row(key)  # type: ignore[arg-type]
        except (KeyError, TypeError):
            return False
        return True

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def column(self, name: str) -> tuple:
        """Every record's value of field `name`, in the table's order (not for an opaque field)."""
        if name in self.opaque:
            raise ValueError(f"{name} is held pickled")
        return self._columns[self._names().index(name)]

    def with_columns(self, **columns: Sequence) -> Columns[R]:
        """This table with whole columns replaced (each in the table's order)."""
        names = self._names()
        new = list(self._columns)
        for name, values in columns.items():
            if name in self.opaque or len(values) != len(self._keys):
                raise ValueError(f"cannot replace column {name}")
            new[names.index(name)] = tuple(values)
        return Columns._made(self.record_type, self.opaque, self._keys, tuple(new))

    def replaced(self, records: Mapping[str, R]) -> Columns[R]:
        """This table with the records of some keys (all already in it) replaced."""
        if not records:
            return self
        names = self._names()
        new = [list(column) for column in self._columns]
        for key, record in records.items():
            row = self._row(key)
            for position, name in enumerate(names):
                value = getattr(record, name)
                new[position][row] = pickle.dumps(value, protocol=5) if name in self.opaque else value
        return Columns._made(self.record_type, self.opaque, self._keys, tuple(tuple(column) for column in new))


def _columns(record_type: type[R], opaque: tuple[str, ...], keys: tuple[str, ...], columns: tuple[tuple, ...]) -> Columns[R]:
    return Columns._made(record_type, opaque, keys, columns)
