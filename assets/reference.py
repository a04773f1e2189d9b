"""Reference layer: the MAMH répertoire of municipalities, used by every normaliser."""

from dataclasses import asdict

import dagster as dg
import pandas as pd

from assets.raw import raw_key
from assets.resources import EsqResource
from assets.staging import MUNICIPALITIES_KEY
from esq.staging.run import MUNICIPALITIES_SOURCE, load_municipalities
from esq.store import write_frame


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
    index = load_municipalities(settings)
    frame = pd.DataFrame([asdict(m) for m in index.all()]).sort_values("code")
    write_frame(settings.layout.reference("municipalities"), frame)
    return dg.MaterializeResult(
        metadata={"dagster/row_count": len(frame), "regions": int(frame.region_code.nunique())}
    )
