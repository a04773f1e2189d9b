"""Entity layer: golden enterprises with stable ids, links and field provenance."""

import dagster as dg

from assets.resources import EsqResource
from assets.staging import staging_key
from esq.catalog import Catalog
from esq.entities.invariants import invariant_violations
from esq.entities.resolve import (
    resolve_entities,
    staged_establishments,
    staged_listings,
    write_entities,
)
from esq.progress import Progress

ENTERPRISES_KEY = dg.AssetKey(["core", "enterprises"])
INVARIANTS_CHECK = "entity_invariants"


def build_entities_asset(catalog: Catalog) -> dg.AssetsDefinition:
    staged = [
        staging_key(s.id)
        for s in catalog.sources
        if s.enabled and s.role in ("listing", "register")
    ]

    @dg.asset(
        key=ENTERPRISES_KEY,
        deps=staged,
        group_name="entities",
        kinds={"pandas", "parquet"},
        description="Listings linked into golden enterprises: deterministic rules, then the "
        "saved Splink model (predict only), cannot-link on NEQ/province/register, a review "
        "band, stable ids, links and field provenance.",
        check_specs=[
            dg.AssetCheckSpec(
                INVARIANTS_CHECK,
                asset=ENTERPRISES_KEY,
                blocking=True,
                description="One NEQ and at most one register record per enterprise, every "
                "merge explained by links; a failure stops the run before the warehouse.",
            )
        ],
    )
    def _enterprises(esq: EsqResource) -> dg.MaterializeResult:
        settings = esq.settings()
        listings = staged_listings(esq.catalog(), settings)
        progress = Progress("resolve entities", "listings", total=len(listings))
        entities = resolve_entities(
            listings,
            settings.layout.published,
            decisions=settings.layout.decisions,
            establishments=staged_establishments(esq.catalog(), settings),
        )
        write_entities(entities, settings)
        progress.advance(len(listings))
        progress.finish(f"{len(entities.enterprises):,} enterprises")
        violations = invariant_violations(entities.listings, entities.enterprise_links)
        linked = int((entities.listings.link_method != "singleton").sum())
        return dg.MaterializeResult(
            metadata={
                "dagster/row_count": len(entities.enterprises),
                "listings": len(entities.listings),
                "listings_linked": linked,
                "links": len(entities.enterprise_links),
                "ids_merged": int((entities.enterprise_ids.status == "merged").sum()),
                "comparisons": entities.stats["comparisons"],
                "review_pairs": entities.stats["review_pairs"],
                "links_by_rule": dg.MetadataValue.json(entities.stats["links_by_rule"]),
                "unions_refused": dg.MetadataValue.json(entities.stats["unions_refused"]),
                "decisions_read": entities.stats["decisions_read"],
                "decision_rows_skipped": dg.MetadataValue.json(
                    entities.stats["decision_rows_skipped"]
                ),
            },
            check_results=[
                dg.AssetCheckResult(
                    check_name=INVARIANTS_CHECK,
                    asset_key=ENTERPRISES_KEY,
                    passed=not any(violations.values()),
                    metadata=violations,
                    description=", ".join(f"{n} {k}" for k, n in violations.items() if n)
                    or "every invariant holds",
                )
            ],
        )

    return _enterprises
