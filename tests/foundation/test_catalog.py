"""A broken catalog entry fails with an error naming the file, the entry and the field."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from esq.catalog import DEFAULT_CATALOG, CatalogError, load_catalog

GOOD = yaml.safe_load(DEFAULT_CATALOG.read_text("utf-8"))


def _write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "sources.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _broken(index: int, **changes: object) -> dict:
    data = yaml.safe_load(DEFAULT_CATALOG.read_text("utf-8"))
    entry = data["sources"][index]
    for key, value in changes.items():
        if value is None:
            entry.pop(key, None)
        else:
            entry[key] = value
    return data


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (_broken(1, kind="ftp"), ["entry #2", "pes-mauricie-repertoire", "field 'kind'"]),
        (_broken(1, role=None), ["entry #2", "field 'role'", "Field required"]),
        (_broken(2, enabled=False), ["entry #3", "disabled_reason"]),
        (_broken(1, mapping={"nom": "NomEntreprise"}), ["field 'mapping'", "unknown listing"]),
        (_broken(0, id="Bad Id"), ["entry #1", "field 'id'"]),
        (_broken(3, licence={"id": "x"}), ["entry #4", "field 'licence.title'"]),
        (_broken(1, cadence="hourly"), ["field 'cadence'"]),
        (_broken(1, colour="blue"), ["field 'colour'", "Extra inputs"]),
    ],
)
def test_broken_entry_names_file_entry_and_field(tmp_path, data, expected):
    path = _write(tmp_path, data)
    with pytest.raises(CatalogError) as err:
        load_catalog(path)
    message = str(err.value)
    assert str(path) in message
    for fragment in expected:
        assert fragment in message


def test_duplicate_ids_are_refused(tmp_path):
    data = yaml.safe_load(DEFAULT_CATALOG.read_text("utf-8"))
    data["sources"].append(data["sources"][1])
    with pytest.raises(CatalogError, match=r"pes-mauricie-repertoire.*duplicated"):
        load_catalog(_write(tmp_path, data))


@pytest.mark.parametrize("text", ["sources: [unclosed", "- just a list", ""])
def test_unreadable_catalog(tmp_path, text):
    path = tmp_path / "sources.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogError, match=str(path)):
        load_catalog(path)


def test_shipped_catalog_loads():
    catalog = load_catalog()
    assert catalog.get("mamh-municipalites").role == "reference"
    assert {s.role for s in catalog.enabled()} >= {"listing", "reference"}
