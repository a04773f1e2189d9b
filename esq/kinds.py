"""Source kinds, registered in one place: each kind's adapter module and the typed models of
its catalog `endpoint` and `options`.

A catalog entry is checked against its kind's models when the catalog loads, so a misspelt key
(``item_selecter``) or a value of the wrong type fails before the first fetch, naming the entry
and the key. Adapters keep reading the validated mapping; new code can use ``endpoint_model``.

Adding a source kind: an adapter module exposing ``ADAPTER``, its two models here, one
``KINDS`` line, and catalog entries.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pydantic import ConfigDict, Field

from esq.kind_model import Strict as _Strict

# The web kinds' models live beside their crawler's options (esq.web_models, pure pydantic).
from esq.web_models import HtmlEndpoint, HtmlOptions, WordpressEndpoint, WordpressOptions


class NoOptions(_Strict):
    """A kind without parser options."""


class FileEndpoint(_Strict):
    """One file: downloaded from ``url`` or dropped in the inbox (glob under ESQ_HOME/inbox)."""

    url: str | None = None
    filename: str | None = None
    inbox: str | None = None

    def required_for_enabled(self) -> list[str]:
        return [] if (self.url or self.inbox) else ["url or inbox"]

    def resources(self) -> list[str]:
        return [f"url:{self.url}"] if self.url else [f"inbox:{self.inbox}"] if self.inbox else []


class TabularOptions(_Strict):
    """Reading a CSV/XLSX file; anything unset is detected."""

    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | int | None = None
    #: Header-less files declare their columns.
    columns: list[str] | None = None
    skip_rows: int = Field(default=0, ge=0)


class CkanEndpoint(_Strict):
    """One resource of a CKAN dataset, through the datastore API or as its file."""

    base_url: str | None = None
    dataset: str | None = None
    resource: str | None = None
    resource_name: str | None = None
    mode: Literal["datastore", "download"] = "datastore"
    page_size: int = Field(default=1000, ge=1)
    max_pages: int | None = Field(default=None, ge=1)

    def required_for_enabled(self) -> list[str]:
        missing = [k for k in ("base_url", "dataset") if not getattr(self, k)]
        return missing + ([] if (self.resource or self.resource_name) else ["resource"])

    def resources(self) -> list[str]:
        wanted = self.resource or f"{self.dataset}/{self.resource_name}"
        return [f"ckan:{(self.base_url or '').rstrip('/')}/{wanted}"]


class CkanFilesEndpoint(_Strict):
    """Several files of one CKAN dataset (by id or name pattern), e.g. SEAO or Montréal."""

    base_url: str | None = None
    dataset: str | None = None
    resources_: list[str] | None = Field(default=None, alias="resources")
    resource_names: list[str] | None = None
    max_files: int | None = Field(default=None, ge=1)
    since: str | None = None

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    def required_for_enabled(self) -> list[str]:
        return [k for k in ("base_url", "dataset") if not getattr(self, k)]

    def resources(self) -> list[str]:
        base = (self.base_url or "").rstrip("/")
        if self.resources_:
            return [f"ckan:{base}/{rid}" for rid in self.resources_]
        return [f"ckan:{base}/{self.dataset}/{p}" for p in self.resource_names or ["*"]]


class MontrealContractsOptions(_Strict):
    """Which of Montréal's contract layouts the files follow."""

    dataset: str | None = None


class ArcgisEndpoint(_Strict):
    """A FeatureServer layer queried page by page, or a Hub item downloaded whole."""

    layer_url: str | None = None
    item_url: str | None = None
    file_name: str | None = None
    where: str = "1=1"
    out_fields: str = "*"
    page_size: int = Field(default=1000, ge=1)
    max_pages: int | None = Field(default=None, ge=1)

    def required_for_enabled(self) -> list[str]:
        return [] if (self.layer_url or self.item_url) else ["layer_url or item_url"]

    def resources(self) -> list[str]:
        url = self.layer_url or self.item_url
        return [f"arcgis:{url.rstrip('/')}|{self.where}"] if url else []


@dataclass(frozen=True)
class Kind:
    """One source kind: where its adapter lives and what its catalog entries may say."""

    adapter_module: str
    endpoint: type[_Strict]
    options: type[_Strict] = NoOptions


#: Every source kind. The catalog's `kind` field accepts exactly these names.
KINDS: dict[str, Kind] = {
    "tabular": Kind("esq.adapters.tabular", FileEndpoint, TabularOptions),
    "ckan": Kind("esq.adapters.ckan", CkanEndpoint, TabularOptions),
    "arcgis": Kind("esq.adapters.arcgis", ArcgisEndpoint),
    "html": Kind("esq.adapters.html", HtmlEndpoint, HtmlOptions),
    "wordpress": Kind("esq.adapters.wordpress", WordpressEndpoint, WordpressOptions),
    "req_zip": Kind("esq.adapters.req", FileEndpoint),
    "ocds": Kind("esq.adapters.ocds", CkanFilesEndpoint),
    "montreal_contracts": Kind(
        "esq.adapters.montreal_contracts", CkanFilesEndpoint, MontrealContractsOptions
    ),
}


def endpoint_model(kind: str, endpoint: dict[str, Any]) -> _Strict:
    """The typed endpoint of a catalog entry of this kind (raises pydantic's ValidationError)."""
    return KINDS[kind].endpoint.model_validate(endpoint)


def options_model(kind: str, options: dict[str, Any]) -> _Strict:
    """The typed parser options of a catalog entry of this kind."""
    return KINDS[kind].options.model_validate(options)
