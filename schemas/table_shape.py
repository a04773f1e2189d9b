"""The shapes of the public contract: a column, a table, a view.

Every public table is defined once, in schemas/tables.py (contracts tables in
schemas/contract_tables.py; views in warehouse/views.py). Producers in ``esq`` take their
column order from these definitions; the warehouse builds its tables, comments,
datapackage.json and the data dictionary from them.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Money: cents exact, up to 10^16 dollars (DuckDB DECIMAL, Parquet decimal128(18, 2)).
MONEY = "DECIMAL(18,2)"

#: DuckDB type -> Frictionless Table Schema type.
FRICTIONLESS_TYPES = {
    "VARCHAR": "string",
    "BIGINT": "integer",
    "INTEGER": "integer",
    "DOUBLE": "number",
    MONEY: "number",
    "BOOLEAN": "boolean",
    "DATE": "date",
    "TIMESTAMP": "datetime",
}


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str

    @property
    def frictionless_type(self) -> str:
        return FRICTIONLESS_TYPES[self.type]


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    #: True when some columns can hold values from the REQ register (CC BY-NC-SA 4.0).
    may_hold_register_data: bool = False
    #: Optional tables are built only when the layers below supply a frame (e.g. contracts
    #: tables when contracts sources are enabled); the others must always be supplied.
    optional: bool = False

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


@dataclass(frozen=True)
class View:
    """An analyst view: a SELECT over public tables, created only when they all exist."""

    name: str
    description: str
    sql: str
    columns: tuple[Column, ...]
    requires: tuple[str, ...]

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]
