"""The files entity resolution writes (core/<name>.parquet), apart from its code, so that the
reuse test of an unchanged run (esq.step_keys) does not import the resolver and Splink."""

ENTITY_FILES = (
    "listings",
    "enterprises",
    "candidates",
    "enterprise_links",
    "field_provenance",
    "enterprise_ids",
    "review",
)
