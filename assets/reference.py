"""Reference layer: the MAMH répertoire of municipalities, used by every normaliser."""

from dataclasses import asdict

import dagster as dg
import pandas as pd

from assets.raw import raw_key
from assets.resources import EsqResource
from assets.staging import MUNICIPALITIES_KEY
from esq.fetching import entry_for
from esq.reuse import reuse_or_compute, step_key
from esq.staging.run import MUNICIPALITIES_SOURCE, load_municipalities
from esq.store import write_frame

#: Code the table depends on: the index (aliases included) and this asset's frame.
CODE = ("esq/normalise", "esq/staging/run.py", "assets/reference.py")


@dg.asset(
    key=MUNICIPALITIES_KEY,
    deps=[raw_key(MUNICIPALITIES_SOURCE)],
    group_name="reference",
    kinds={"pandas", "parquet"},
    description="Québec municipalities (MAMH répertoire): code, name, MRC, administrative "
    "region; resolves the many spellings used by sources.",
)
def municipalities(esq: EsqResource) -> dg.MaterializeResult:
    settings = esq.settings()
    path = settings.layout.reference("municipalities")
    entry = entry_for(MUNICIPALITIES_SOURCE, settings)
    # The daily run: the same landed MUN.csv and the same code give the same table (esq.reuse).
    files = [(f.name, f.sha256) for f in entry.manifest.files] if entry else None
    key = step_key("reference_municipalities", CODE, {"files": files})

    def compute() -> dict:
        index = load_municipalities(settings)
        frame = pd.DataFrame([asdict(m) for m in index.all()]).sort_values("code")
        write_frame(path, frame)
        return {"dagster/row_count": len(frame), "regions": int(frame.region_code.nunique())}

    meta = path.with_name("municipalities.meta.json")
    facts, reused = reuse_or_compute(meta, key, [path], compute)
    return dg.MaterializeResult(metadata={**facts, "reused": reused})
