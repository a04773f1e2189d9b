"""The base of every catalog endpoint/options model (esq.kinds, esq.web_models)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Strict(BaseModel):
    """Unknown keys are errors: a misspelt field must never be silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    def required_for_enabled(self) -> list[str]:
        """Fields an enabled entry must give (a disabled one may be a sketch)."""
        return []

    def resources(self) -> list[str]:
        """Identities of the remote resources fetched, to refuse one resource in two entries."""
        return []
