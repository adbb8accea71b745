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
    when it is looked up. The values of the `opaque` fields (values of many small objects: a
    file's history of datetimes, its problems) are kept pickled in chunks of records (_Packed):
    a chunk is unpickled when one of its values is first read, and pickled again only when one
    of them changed, so a build that changes one record pays for one chunk."""

    __slots__ = ("record_type", "opaque", "_keys", "_columns", "_index")

    def __init__(self, record_type: type[R], records: Mapping[str, R] | None = None, opaque: tuple[str, ...] = ()):
        records = records or {}
        names = [f.name for f in dataclasses.fields(record_type)]  # type: ignore[arg-type]
        columns: list[tuple | _Packed] = []
        for name in names:
            values = [getattr(record, name) for record in records.values()]
            columns.append(_Packed.of(values) if name in opaque else tuple(values))
        self._set(record_type, opaque, tuple(records), tuple(columns))

    def _set(self, record_type: type[R], opaque: tuple[str, ...], keys: tuple[str, ...],
             columns: tuple[tuple | _Packed, ...]) -> None:
        self.record_type = record_type
        self.opaque = opaque
        self._keys = keys
        self._columns = columns
        self._index: dict[str, int] | None = None

    @classmethod
    def _made(cls, record_type: type[R], opaque: tuple[str, ...], keys: tuple[str, ...],
              columns: tuple[tuple | _Packed, ...]) -> Columns[R]:
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
        return self.record_type(*(column[row] for column in self._columns))

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
        column = self._columns[self._names().index(name)]
        if isinstance(column, _Packed):
            raise ValueError(f"{name} is held pickled")
        return column

    def values(self, name: str) -> Iterator:
        """Every record's value of field `name`, in the table's order, an opaque one unpickled."""
        return iter(self._columns[self._names().index(name)])

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
        rows = {self._row(key): record for key, record in records.items()}
        new: list[tuple | _Packed] = []
        for name, column in zip(self._names(), self._columns):
            changes = {row: getattr(record, name) for row, record in rows.items()}
            if isinstance(column, _Packed):
                new.append(column.with_values(changes))
            else:
                values = list(column)
                for row, value in changes.items():
                    values[row] = value
                new.append(tuple(values))
        return Columns._made(self.record_type, self.opaque, self._keys, tuple(new))


def _columns(record_type: type[R], opaque: tuple[str, ...], keys: tuple[str, ...],
             columns: tuple[tuple | _Packed, ...]) -> Columns[R]:
    return Columns._made(record_type, opaque, keys, columns)


class _Packed:
    """One field's values in chunks of CHUNK records, each pickled on its own (strings a chunk's
    values share are written once in it)."""

    CHUNK = 256
    __slots__ = ("_chunks", "_decoded")

    def __init__(self, chunks: list[bytes | None], decoded: dict[int, list]):
        self._chunks = chunks  # None: changed, pickled when the column is
        self._decoded = decoded

    @classmethod
    def of(cls, values: list) -> _Packed:
        size = cls.CHUNK
        starts = range(0, len(values), size)
        return cls([None] * len(starts), {i: values[start:start + size] for i, start in enumerate(starts)})

    def _chunk(self, number: int) -> list:
        chunk = self._decoded.get(number)
        if chunk is None:
            chunk = self._decoded[number] = pickle.loads(self._chunks[number])  # type: ignore[arg-type]
        return chunk

    def __getitem__(self, row: int) -> object:
        return self._chunk(row // self.CHUNK)[row % self.CHUNK]

    def __iter__(self) -> Iterator:
        for number in range(len(self._chunks)):
            yield from self._chunk(number)

    def with_values(self, changes: Mapping[int, object]) -> _Packed:
        chunks, decoded = list(self._chunks), dict(self._decoded)
        for number in {row // self.CHUNK for row in changes}:
            decoded[number] = list(self._chunk(number))
            chunks[number] = None
        for row, value in changes.items():
            decoded[row // self.CHUNK][row % self.CHUNK] = value
        return _Packed(chunks, decoded)

    def __reduce__(self):  # type: ignore[no-untyped-def]
        for number, chunk in enumerate(self._chunks):
            if chunk is None:
                self._chunks[number] = pickle.dumps(self._decoded[number], protocol=5)
        return _unpacked, (tuple(self._chunks),)


def _unpacked(chunks: tuple[bytes, ...]) -> _Packed:
    return _Packed(list(chunks), {})
