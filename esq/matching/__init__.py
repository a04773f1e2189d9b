"""Bring your own list: a city's supplier or payment file linked to the enterprises (pure logic)."""
