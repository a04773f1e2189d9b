"""Staging: raw records -> the one listing schema, validated, with a quarantine."""
