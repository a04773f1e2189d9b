"""Evaluation sets, synthetic-world generators, measurements: never imported by the product."""
