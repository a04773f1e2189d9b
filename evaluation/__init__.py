"""Evaluation sets, synthetic worlds and benchmarks: never imported by the product."""
