"""Entity layer: golden enterprises with stable ids, links and field provenance."""

import dagster as dg

from assets.resources import EsqResource
from assets.staging import staging_key
from esq.catalog import Catalog
from esq.config import Settings
from esq.progress import Progress
from esq.reuse import current_release, reuse_or_compute
from esq.step_keys import ENTITIES_STEP, ENTITY_TABLES, entities_key, outputs

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
        settings, catalog = esq.settings(), esq.catalog()
        meta = settings.layout.step_meta(ENTITIES_STEP)
        key = entities_key(catalog, settings)
        # Stable ids read the last publication: the outputs hold only for it (esq.reuse).
        release = current_release(settings.layout.published)
        facts, reused = reuse_or_compute(
            meta, key, outputs(settings, ENTITY_TABLES), lambda: _resolve(catalog, settings),
            release=release, releases=[release],
        )  # fmt: skip
        if reused:
            Progress("resolve entities", "listings").finish("unchanged inputs: reused")
        return _result(facts, reused)

    return _enterprises


def _resolve(catalog: Catalog, settings: Settings) -> dict:
    """Resolve and write the entities; return what the step reports (JSON-able facts)."""
    # Imported when the step computes: an unchanged run does not load the resolver and Splink.
    from esq.entities.entity_inputs import staged_establishments, staged_listings
    from esq.entities.entity_tables import write_entities
    from esq.entities.invariants import invariant_violations
    from esq.entities.resolve import resolve_entities

    listings = staged_listings(catalog, settings)
    progress = Progress("resolve entities", "listings", total=len(listings))
    entities = resolve_entities(
        listings,
        settings.layout.published,
        decisions=settings.layout.decisions,
        establishments=staged_establishments(catalog, settings),
    )
    write_entities(entities, settings)
    progress.advance(len(listings))
    progress.finish(f"{len(entities.enterprises):,} enterprises")
    stats = entities.stats
    return {
        "dagster/row_count": len(entities.enterprises),
        "listings": len(entities.listings),
        "listings_linked": int((entities.listings.link_method != "singleton").sum()),
        "links": len(entities.enterprise_links),
        "ids_merged": int((entities.enterprise_ids.status == "merged").sum()),
        "comparisons": int(stats["comparisons"]),
        "review_pairs": int(stats["review_pairs"]),
        "links_by_rule": {str(k): int(v) for k, v in stats["links_by_rule"].items()},
        "unions_refused": {str(k): int(v) for k, v in stats["unions_refused"].items()},
        "decisions_read": int(stats["decisions_read"]),
        "decision_rows_skipped": stats["decision_rows_skipped"],
        "violations": invariant_violations(entities.listings, entities.enterprise_links),
    }


_JSON_FACTS = ("links_by_rule", "unions_refused", "decision_rows_skipped")


def _result(facts: dict, reused: bool) -> dg.MaterializeResult:
    """The step's metadata and invariants check from its facts (computed now or reused)."""
    violations = facts["violations"]
    metadata = {
        k: dg.MetadataValue.json(v) if k in _JSON_FACTS else v
        for k, v in facts.items()
        if k != "violations"
    }
    return dg.MaterializeResult(
        metadata={**metadata, "reused": reused},
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
