"""Compact pickling for the frozen slots dataclasses that travel between processes and caches."""

from __future__ import annotations

import dataclasses
import operator


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
