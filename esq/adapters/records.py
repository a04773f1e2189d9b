"""Records held as columns: a register of ~800 000 rows without a dict and an object per row.

``RecordTable`` is a sequence of ``RawRecord`` to whoever iterates it (a record is built when
asked for: a quarantined row, a test), while staging reads its columns whole
(``record_column``, ``record_keys``). The helpers below accept either form.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, overload

from esq.adapters.base import RawRecord


class RecordTable(Sequence[RawRecord]):
    """Records as a key column, a location column and one column per field."""

    def __init__(self, keys: list[str], locations: list[str], columns: dict[str, list[Any]]):
        if any(len(values) != len(keys) for values in [locations, *columns.values()]):
            raise ValueError("every column of a record table has one value per record")
        self.keys, self.locations, self.columns = keys, locations, columns

    def __len__(self) -> int:
        return len(self.keys)

    @overload
    def __getitem__(self, index: int) -> RawRecord: ...
    @overload
    def __getitem__(self, index: slice) -> list[RawRecord]: ...
    def __getitem__(self, index: int | slice) -> RawRecord | list[RawRecord]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        fields = {name: values[index] for name, values in self.columns.items()}
        return RawRecord(self.keys[index], fields, self.locations[index])

    def column(self, name: str) -> list[Any]:
        """The values of a field (None throughout when the records have no such field)."""
        values = self.columns.get(name)
        return [None] * len(self) if values is None else values

    def take(self, positions: Iterable[int]) -> RecordTable:
        """The records at ``positions``, in that order."""
        positions = list(positions)
        return RecordTable(
            [self.keys[i] for i in positions],
            [self.locations[i] for i in positions],
            {name: [values[i] for i in positions] for name, values in self.columns.items()},
        )


def record_column(records: Sequence[RawRecord], name: str) -> list[Any]:
    """The value of field ``name`` in every record (None where a record lacks it)."""
    if isinstance(records, RecordTable):
        return records.column(name)
    return [r.fields.get(name) for r in records]


def record_keys(records: Sequence[RawRecord]) -> list[str]:
    return records.keys if isinstance(records, RecordTable) else [r.record_key for r in records]


def record_locations(records: Sequence[RawRecord]) -> list[str]:
    if isinstance(records, RecordTable):
        return records.locations
    return [r.location for r in records]


def record_fetch_refs(records: Sequence[RawRecord], default: str) -> list[str]:
    """Each record's fetch, ``default`` (the entry parsed) unless the record says otherwise."""
    if isinstance(records, RecordTable):  # a table is read from one entry
        return [default] * len(records)
    return [r.fetch_ref or default for r in records]


def take_records(records: Sequence[RawRecord], positions: list[int]) -> Sequence[RawRecord]:
    """The records at ``positions``, in the same form as ``records``."""
    if isinstance(records, RecordTable):
        return records.take(positions)
    return [records[i] for i in positions]
