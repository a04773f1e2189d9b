"""The esq code location (workspace.yaml): the Definitions of the catalog in force."""

from pipelines.graph import EVERYTHING_JOB, build_assets, build_definitions

__all__ = ["EVERYTHING_JOB", "build_assets", "build_definitions", "defs"]

defs = build_definitions()
