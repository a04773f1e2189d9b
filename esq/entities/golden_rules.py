"""Which source supplies each golden field: the role precedence, the address fields that travel
together, the name people know before a company's registration, and fetch dates."""

from __future__ import annotations

from esq.normalise.legal_form import is_social_economy_form
from schemas.tables import ENTERPRISES, FIELD_PROVENANCE

#: Which role supplies a field first (DESIGN §4): the register for identity, hubs for contact data.
FIELD_PRIORITY: dict[str, tuple[str, ...]] = {
    "name": ("register", "listing"),
    "neq": ("register", "listing"),
    "legal_form": ("register", "listing"),
    "register_status": ("register",),
    "phone": ("listing", "register"),
    "website": ("listing", "register"),
    "email": ("listing", "register"),
    "sector": ("listing", "register"),
}
#: Address fields travel together, from one listing, so a street never meets another's city.
ADDRESS_FIELDS = (
    "address",
    "municipality",
    "municipality_code",
    "mrc",
    "region_code",
    "postal_code",
    "latitude",
    "longitude",
)
ADDRESS_PRIORITY = ("listing", "register")

ENTERPRISE_COLUMNS = tuple(ENTERPRISES.column_names)
PROVENANCE_COLUMNS = tuple(FIELD_PROVENANCE.column_names)


def company_registration(role: object, legal_form: object) -> bool:
    """A register record of a form that is not social economy by law: the company a listed
    enterprise runs through (esq.register.named), often registered under a number (« 9345-1234
    Québec inc. »). It gives the NEQ and the legal form, not the name people know."""
    return (
        role == "register"
        and isinstance(legal_form, str)
        and not is_social_economy_form(legal_form)
    )


def display_rank(name: object) -> tuple[int, int]:
    """Prefer a name as people write it: mixed case, accents kept (lower ranks first)."""
    text = str(name)
    return (int(text.isupper()), -sum(1 for ch in text if ord(ch) > 127))


def fetch_date(fetch_ref: str) -> str:
    """The date of a fetch from its reference ``source/20260601T000000Z``."""
    stamp = fetch_ref.rsplit("/", 1)[-1]
    return f"{stamp[0:4]}-{stamp[4:6]}-{stamp[6:8]}"
