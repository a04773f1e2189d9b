"""A generated supplier list with truth, for `esq match` (bench and evaluation)."""
