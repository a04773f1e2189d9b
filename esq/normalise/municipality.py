"""Municipalities: resolve the many spellings in sources to the MAMH répertoire (MUN.csv)."""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from esq.normalise.places import place_key, place_variants
from esq.normalise.postal import fsa

_LABEL_CODE = re.compile(r"^\s*(?:MRC\s+)?(.*?)\s*\(([0-9A-Z]+)\)\s*$")
# MUN.csv kinds (mdes) that are not local municipalities: used only when nothing better matches.
_SECONDARY_KINDS = ("Terre de la catégorie", "Réserve indienne", "Territoire non organisé")


@dataclass(frozen=True)
class Municipality:
    """One MAMH municipality: code (mcode), name, MRC (None outside MRCs), region."""

    code: str
    name: str
    mrc: str | None
    mrc_code: str | None
    region_code: str
    region_name: str


@dataclass(frozen=True)
class _Entry:
    municipality: Municipality
    town_hall_fsa: str | None
    secondary: bool


def region_code_from_label(label: str) -> str:
    """ "Estrie (05)" -> "05"; raises ValueError when the label has no "(code)"."""
    match = _LABEL_CODE.match(label or "")
    if match is None:
        raise ValueError(f"no code in parentheses in label {label!r}")
    return match.group(2)


def _split_label(label: str) -> tuple[str | None, str | None]:
    match = _LABEL_CODE.match(label or "")
    return (match.group(1), match.group(2)) if match else (None, None)


def _entry_from_row(row: dict[str, str]) -> _Entry:
    region_name, region_code = _split_label(row["regadm"])
    mrc, mrc_code = _split_label(row.get("mrc", ""))
    municipality = Municipality(
        code=row["mcode"].strip(),
        name=row["munnom"].strip(),
        mrc=mrc,
        mrc_code=mrc_code,
        region_code=region_code or "",
        region_name=region_name or "",
    )
    secondary = row.get("mdes", "").startswith(_SECONDARY_KINDS)
    return _Entry(municipality, fsa(row.get("mcodpos")), secondary)


def _default_aliases() -> list[tuple[str, str, str]]:
    table = resources.files("esq.normalise").joinpath("data/municipality_aliases.csv")
    with table.open(encoding="utf-8", newline="") as handle:
        return [(r["alias"], r["code"], r["kind"]) for r in csv.DictReader(handle)]


class MunicipalityIndex:
    """Look-up of municipality names, aliases (boroughs, arrondissements, former
    municipalities) and postal-code hints. Build it once with `from_csv`; it is read-only."""

    def __init__(
        self, entries: Iterable[_Entry], aliases: Iterable[tuple[str, str, str]] = ()
    ) -> None:
        self._entries = {e.municipality.code: e for e in entries}
        # resolve() per (text, FSA, postal code given): a register repeats a few thousand
        # town names over ~800 000 rows.
        self._resolved: dict[tuple[str, str | None, bool], Municipality | None] = {}
        self._by_key: dict[str, list[str]] = defaultdict(list)
        # Regions of town halls per FSA and per its first two characters (a coarser hint).
        self._fsa_regions: dict[str, set[str]] = defaultdict(set)
        for code, entry in self._entries.items():
            self._by_key[place_key(entry.municipality.name)].append(code)
            if entry.town_hall_fsa:
                for prefix in (entry.town_hall_fsa, entry.town_hall_fsa[:2]):
                    self._fsa_regions[prefix].add(entry.municipality.region_code)
        self._region_keys = {
            place_key(e.municipality.region_name): e.municipality.region_code
            for e in self._entries.values()
        }
        self._aliases: dict[str, str] = {}
        for alias, code, _kind in aliases:
            if code in self._entries:
                self._aliases.setdefault(place_key(alias), code)

    @classmethod
    def from_csv(
        cls, path: Path, aliases: Iterable[tuple[str, str, str]] | None = None
    ) -> MunicipalityIndex:
        """Read MAMH MUN.csv (UTF-8 with BOM) and the shipped alias table (or `aliases`)."""
        with Path(path).open(encoding="utf-8-sig", newline="") as handle:
            entries = [
                _entry_from_row(row)
                for row in csv.DictReader(handle)
                if row.get("mcode") and row.get("munnom") and row["munnom"] != "Toponyme à venir"
            ]
        return cls(entries, _default_aliases() if aliases is None else aliases)

    def __len__(self) -> int:
        return len(self._entries)

    def all(self) -> tuple[Municipality, ...]:
        """Every municipality of the répertoire, by code."""
        return tuple(self._entries[c].municipality for c in sorted(self._entries))

    def by_code(self, code: str) -> Municipality | None:
        """The municipality with MAMH code `code`, or None."""
        entry = self._entries.get(code)
        return entry.municipality if entry else None

    def candidates(self, value: object, postal_code: str | None = None) -> tuple[Municipality, ...]:
        """All municipalities `value` may name after postal-code filtering (several for
        homonyms such as "Saint-Stanislas"; empty when the name is unknown)."""
        variants = place_variants(value)
        # "Saint-Isidore (Montérégie)": a region name among the parts settles homonyms.
        regions = {self._region_keys[k] for k in variants if k in self._region_keys}
        for key in variants:
            official = self._by_key.get(key, [])
            alias = self._aliases.get(key)
            # An alias never hides an official name ("Ville-Marie" is a town in Témiscamingue
            # and a Montréal borough): it competes only when a postal code can decide.
            codes = list(official)
            if alias and alias not in codes and (not official or postal_code):
                codes.append(alias)
            if len(codes) > 1 and regions:
                codes = [c for c in codes if self._entries[c].municipality.region_code in regions]
            if codes:
                narrowed = self._narrow(codes, postal_code)
                if len(narrowed) > 1 and official:
                    narrowed = [c for c in narrowed if c in official]
                return tuple(self._entries[c].municipality for c in narrowed)
        return ()

    def resolve(self, value: object, postal_code: str | None = None) -> Municipality | None:
        """Resolve a municipality as sources write it, or None when unknown or ambiguous.

        Handles "(Québec)"/"QC" suffixes, case, missing accents, St/Ste, hyphens and dashes,
        "Ville de …", Montréal boroughs, Québec's arrondissements and former municipalities.
        Homonyms are settled by the postal code (town-hall FSA, then FSA→region agreement)
        and by preferring local municipalities over reserves, TNOs and category-I lands;
        when still ambiguous the answer is None rather than a guess.
        """
        # candidates() reads the postal code only through its FSA and whether it is given.
        key = (value, fsa(postal_code), bool(postal_code)) if isinstance(value, str) else None
        if key is not None and key in self._resolved:
            return self._resolved[key]
        found = self.candidates(value, postal_code)
        out = found[0] if len(found) == 1 else None
        if key is not None:
            self._resolved[key] = out
        return out

    def _narrow(self, codes: list[str], postal_code: str | None) -> list[str]:
        if len(codes) == 1:
            return codes
        area = fsa(postal_code)
        if area is not None:
            same_fsa = [c for c in codes if self._entries[c].town_hall_fsa == area]
            if same_fsa:
                codes = same_fsa
            regions = self._fsa_regions.get(area) or self._fsa_regions.get(area[:2], set())
            same_region = [c for c in codes if self._entries[c].municipality.region_code in regions]
            if same_region:
                codes = same_region
        # A village and the category-I land or reserve of the same name in the same region
        # are one place for an address: keep the local municipality. Across regions, no guess.
        if len({self._entries[c].municipality.region_code for c in codes}) > 1:
            return codes
        primary = [c for c in codes if not self._entries[c].secondary]
        return primary or codes
