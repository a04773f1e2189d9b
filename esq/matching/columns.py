"""Which input columns hold the supplier name, NEQ, address, municipality, postal code, amount
and date: named by the user, else guessed from common French and English headers.

A guess is only a guess: :func:`resolve_columns` returns, for each role, the column and whether
it was named or assumed, so the command can print what it assumed. Headers are compared folded
(no accents, lower case, punctuation as spaces): « Nom du fournisseur », "NOM_FOURNISSEUR" and
"Supplier name" are all recognised.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from esq.normalise.text import fold

ROLES = ("name", "neq", "address", "municipality", "postal_code", "amount", "date", "buyer_city")
ROLE_LABELS = {
    "name": "supplier name",
    "neq": "NEQ",
    "address": "address",
    "municipality": "municipality",
    "postal_code": "postal code",
    "amount": "amount",
    "date": "date",
    "buyer_city": "buyer's town",
}

#: Folded headers taken as a role when equal to them (first role listed wins).
EXACT = {
    "neq": ["neq", "no neq", "numero neq", "neq fournisseur", "neq du fournisseur",
            "numero d entreprise du quebec", "numero entreprise quebec",
            "quebec enterprise number"],
    "postal_code": ["code postal", "cp", "postal code", "postcode", "zip", "zip code",
                    "code postal fournisseur", "code postal du fournisseur"],
    "municipality": ["ville", "municipalite", "localite", "city", "town", "municipality",
                     "ville du fournisseur", "ville fournisseur", "supplier city"],
    "address": ["adresse", "address", "adresse du fournisseur", "adresse fournisseur",
                "supplier address", "adresse civique", "street address"],
    "amount": ["montant", "amount", "montant total", "total", "montant paye", "montant payé",
               "montant du contrat", "montant contrat", "valeur", "value", "montant facture",
               "montant de la facture", "amount paid", "total amount", "depense", "dépense"],
    "date": ["date", "date de paiement", "date du paiement", "date paiement", "date facture",
             "date de facture", "date de la facture", "date d attribution", "date du contrat",
             "payment date", "invoice date", "annee", "year", "exercice", "date de signature"],
    "buyer_city": ["buyer city", "ville acheteur", "ville de l acheteur", "ville de l organisme",
                   "municipalite acheteur", "organisme municipal"],
    "name": ["fournisseur", "nom du fournisseur", "nom fournisseur", "nom de fournisseur",
             "fournisseur nom", "raison sociale", "beneficiaire", "nom du beneficiaire",
             "supplier", "supplier name", "vendor", "vendor name", "payee", "nom", "name",
             "nom de l entreprise", "entreprise", "organisme", "nom de l organisme"],
}  # fmt: skip
#: Words that make a header a candidate when no header is equal to a known one (in this order:
#: "NEQ du fournisseur" is a NEQ before it is a supplier).
CONTAINS = (
    ("neq", ("neq",)),
    ("postal_code", ("postal", "code postal")),
    ("amount", ("montant", "amount")),
    ("date", ("date",)),
    ("municipality", ("ville", "municipalite", "city")),
    ("address", ("adresse", "address")),
    ("name", ("fournisseur", "supplier", "vendor", "beneficiaire", "raison sociale")),
)

#: A header naming the buyer's side is never guessed as the supplier's place ("buyer_city",
#: « Ville de l'acheteur », « Arrondissement »): the buyer's town would break ties wrongly.
BUYER_WORDS = ("buyer", "acheteur", "client", "arrondissement", "unite", "organisme public")
_PLACE_ROLES = {"municipality", "address", "postal_code"}


class ColumnError(ValueError):
    """A column named by the user, or needed, is not in the file; the message says which."""


@dataclass(frozen=True)
class ColumnMapping:
    """The column of each role (None when absent) and the roles that were guessed."""

    columns: dict[str, str | None]
    guessed: frozenset[str]

    def __getitem__(self, role: str) -> str | None:
        return self.columns.get(role)

    def describe(self) -> list[str]:
        """One line per role found: « supplier name: "Fournisseur" (guessed from the header) »."""
        lines = []
        for role in ROLES:
            column = self.columns.get(role)
            if column is None:
                continue
            how = "guessed from the header" if role in self.guessed else "given"
            lines.append(f'{ROLE_LABELS[role]}: "{column}" ({how})')
        return lines


def header_key(header: str) -> str:
    """A header folded for comparison: no accents, lower case, punctuation as spaces."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", fold(header).lower()).split())


def guess_columns(headers: Sequence[str]) -> dict[str, str]:
    """The role of each recognised header (first header wins a role)."""
    keys = [header_key(h) for h in headers]
    found: dict[str, str] = {}
    taken: set[int] = set()
    for role, names in EXACT.items():
        wanted = {header_key(n) for n in names}
        for i, key in enumerate(keys):
            if i not in taken and key in wanted and role not in found:
                found[role] = headers[i]
                taken.add(i)
    for role, words in CONTAINS:
        for i, key in enumerate(keys):
            if role in found or i in taken:
                continue
            if role in _PLACE_ROLES and any(re.search(rf"\b{w}\b", key) for w in BUYER_WORDS):
                continue
            if any(re.search(rf"\b{w}\b", key) for w in words):
                found[role] = headers[i]
                taken.add(i)
    return found


def _unknown(column: str, role: str, headers: Sequence[str]) -> ColumnError:
    close = difflib.get_close_matches(column, list(headers), n=1, cutoff=0.6)
    hint = f' Did you mean "{close[0]}"?' if close else ""
    listed = ", ".join(f'"{h}"' for h in headers)
    return ColumnError(
        f'no column "{column}" (given as the {ROLE_LABELS[role]}) in the file.{hint} '
        f"Its columns are: {listed}"
    )


def resolve_columns(headers: Sequence[str], given: Mapping[str, str | None]) -> ColumnMapping:
    """The user's columns (``given``: role -> header) completed by guesses from the headers.
    Raises :class:`ColumnError` for an unknown role or column, or when no name column is found."""
    unknown_roles = set(given) - set(ROLES)
    if unknown_roles:
        raise ColumnError(
            f"unknown role(s) {', '.join(sorted(unknown_roles))}; roles are {', '.join(ROLES)}"
        )
    columns: dict[str, str | None] = {}
    for role, column in given.items():
        if column is None:
            continue
        if column not in headers:
            by_key = [h for h in headers if header_key(h) == header_key(column)]
            if len(by_key) != 1:
                raise _unknown(column, role, headers)
            column = by_key[0]
        columns[role] = column
    guessed = set()
    used = set(columns.values())
    for role, column in guess_columns(headers).items():
        if role not in columns and column not in used:
            columns[role] = column
            guessed.add(role)
            used.add(column)
    if columns.get("name") is None:
        listed = ", ".join(f'"{h}"' for h in headers)
        raise ColumnError(
            "no supplier name column: none was given and no header looks like one "
            f"(« Fournisseur », « Nom du fournisseur », Supplier…). Its columns are: {listed}. "
            "Name it with --name COLUMN."
        )
    return ColumnMapping({r: columns.get(r) for r in ROLES}, frozenset(guessed))
