"""Apply a pure function once per distinct value of a column (a register repeats its towns,
forms, statuses and activities over ~800 000 rows)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")
_MISSING = object()


def per_value(values: Iterable[object], fn: Callable[..., T], *, star: bool = False) -> list[T]:
    """``[fn(v) for v in values]`` with ``fn`` called once per distinct value.

    ``fn`` must be pure. Values are told apart by type as well as by equality (``1``, ``1.0``
    and ``True`` are equal keys of a dict, but not the same text); unhashable values and NaN
    (never equal to itself) are simply computed each time. With ``star``, each value is a tuple
    of arguments: ``fn(*v)``.
    """
    cache: dict[object, T] = {}
    out: list[T] = []
    append, lookup, missing = out.append, cache.get, _MISSING
    for value in values:
        # A str never equals a value of another type: it is its own key (the usual case).
        key = value if value.__class__ is str else (value.__class__, value)
        try:
            result = lookup(key, missing)
        except TypeError:  # unhashable: a list or dict from a JSON source
            append(fn(*value) if star else fn(value))  # type: ignore[misc]
            continue
        if result is missing:
            result = cache[key] = fn(*value) if star else fn(value)  # type: ignore[misc]
        append(result)  # type: ignore[arg-type]
    return out
