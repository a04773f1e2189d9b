"""Write the world's REQ open-data ZIP: the six members, the world's rows then the background.

Members are written as CSV (UTF-8 with BOM, every field quoted) next to the target, then
deflated into the archive with a fixed timestamp, so one seed gives the same bytes.
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from esq.register.req_columns import REQ_COLUMNS, REQ_FILES
from evaluation.hardworld.background import SE_FORMS, background_chunks
from evaluation.hardworld.model import Org
from evaluation.hardworld.places import Town
from evaluation.hardworld.register_rows import domain_rows, registration_rows
from evaluation.hardworld.unique_names import core_of

_OPTIONS = pacsv.WriteOptions(quoting_style="all_valid", include_header=False)


class MemberWriters:
    """One CSV stream per REQ member; tables are appended as they come."""

    def __init__(self, folder: Path):
        self.paths = {key: folder / name for key, name in REQ_FILES.items()}
        self.sinks = {}
        self.counts = dict.fromkeys(REQ_FILES, 0)
        for key, path in self.paths.items():
            sink = pa.OSFile(str(path), "wb")
            sink.write(
                b"\xef\xbb\xbf" + (",".join(f'"{c}"' for c in REQ_COLUMNS[key]) + "\n").encode()
            )
            self.sinks[key] = sink

    def write(self, key: str, table: pa.Table) -> None:
        if table.num_rows:
            pacsv.write_csv(table, self.sinks[key], _OPTIONS)
            self.counts[key] += table.num_rows

    def write_rows(self, key: str, rows: list[dict[str, str]]) -> None:
        columns = REQ_COLUMNS[key]
        data = {c: pa.array([r.get(c, "") for r in rows], pa.string()) for c in columns}
        self.write(key, pa.table(data))

    def close(self) -> None:
        for sink in self.sinks.values():
            sink.close()


def world_bundles(orgs: Iterable[Org]) -> Iterator[dict[str, list[dict[str, str]]]]:
    for org in orgs:
        if org.registration is not None:
            yield registration_rows(org.registration, org)


def write_req_zip(
    target: Path,
    orgs: list[Org],
    background: int,
    towns: list[Town],
    weights: list[float],
    seed: int,
    on_truth=None,
) -> dict[str, int]:
    """Write the ZIP; ``on_truth`` receives each background chunk's social economy rows."""
    target = Path(target)
    with tempfile.TemporaryDirectory(prefix=".req-", dir=target.parent) as work:
        writers = MemberWriters(Path(work))
        try:
            batch: dict[str, list[dict[str, str]]] = {k: [] for k in REQ_FILES}
            for bundle in world_bundles(orgs):
                for key, rows in bundle.items():
                    batch[key].extend(rows)
            batch["domainevaleur"] = domain_rows()
            for key, rows in batch.items():
                writers.write_rows(key, rows)
            rng = np.random.default_rng([seed, 7])
            in_force = [
                core_of(o)
                for o in orgs
                if o.registration is not None
                and o.registration.status == "IM"
                and o.registration.form in SE_FORMS
            ]
            chunks = background_chunks(rng, background, towns, np.asarray(weights), in_force)
            for tables, truth in chunks:
                for key, table in tables.items():
                    writers.write(key, table)
                if on_truth is not None:
                    on_truth(truth)
        finally:
            writers.close()
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
            for key, path in writers.paths.items():
                info = zipfile.ZipInfo(REQ_FILES[key], date_time=(2026, 6, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                with zf.open(info, "w", force_zip64=True) as dst, path.open("rb") as src:
                    shutil.copyfileobj(src, dst, 1 << 20)
    return writers.counts
