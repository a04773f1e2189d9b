"""Compare two warehouse files table by table: same tables, views, columns, types, comments, rows.

    PYTHONPATH=. .venv/bin/python scripts/compare_warehouses.py A.duckdb B.duckdb

Both files are opened read-only. Per table it prints the row counts, the rows of each side the
other lacks (``EXCEPT ALL`` both ways, so duplicates count) and whether the physical row order
matches (a hash of each row with its ``rowid``). Exits 1 when anything but the order differs.
Written to prove the warehouse build's rewrite (issue 13) leaves every table unchanged.
"""

from __future__ import annotations

import sys

import duckdb


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


def compare(a: str, b: str) -> bool:
    """Print the comparison of warehouse files ``a`` and ``b``; True when they hold the same."""
    con = duckdb.connect()
    con.execute("ATTACH ? AS a (READ_ONLY)", [a])
    con.execute("ATTACH ? AS b (READ_ONLY)", [b])
    tables = "SELECT table_name, comment FROM duckdb_tables() WHERE database_name = '{}' ORDER BY 1"
    views = (
        "SELECT view_name, sql FROM duckdb_views() WHERE database_name = '{}' AND NOT internal "
        "ORDER BY 1"
    )
    same = True
    for what, sql in (("tables", tables), ("views", views)):
        left, right = _rows(con, sql.format("a")), _rows(con, sql.format("b"))
        print(f"{what}: {len(left)} / {len(right)}, {'same' if left == right else 'DIFFERENT'}")
        same &= left == right
    columns = (
        "SELECT column_name, data_type, comment FROM duckdb_columns() "
        "WHERE database_name = '{}' AND table_name = '{}' ORDER BY column_index"
    )
    in_b = {name for name, _ in _rows(con, tables.format("b"))}
    for name in [n for n, _ in _rows(con, tables.format("a")) if n in in_b]:
        cols = _rows(con, columns.format("a", name)) == _rows(con, columns.format("b", name))
        counts = [_rows(con, f'SELECT count(*) FROM {db}."{name}"')[0][0] for db in "ab"]
        except_all = 'SELECT count(*) FROM (FROM {}."{}" EXCEPT ALL FROM {}."{}")'
        only = [_rows(con, except_all.format(x, name, y, name))[0][0] for x, y in ("ab", "ba")]
        order_hash = 'SELECT bit_xor(hash(rowid, t)) FROM {}."{}" t'
        order = {_rows(con, order_hash.format(db, name))[0][0] for db in "ab"}
        print(
            f"{name:32s} columns {'same' if cols else 'DIFFERENT'}, "
            f"rows {counts[0]} / {counts[1]}, only in a {only[0]}, only in b {only[1]}, "
            f"order {'same' if len(order) == 1 else 'different'}"
        )
        same &= cols and counts[0] == counts[1] and only == [0, 0]
    print("identical" if same else "DIFFERENT")
    return same


if __name__ == "__main__":
    sys.exit(0 if compare(sys.argv[1], sys.argv[2]) else 1)
