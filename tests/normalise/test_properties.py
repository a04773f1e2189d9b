"""Property tests: every str->str normaliser is idempotent and nothing raises on arbitrary text."""

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from esq.normalise.address import address, street_key
from esq.normalise.email import email
from esq.normalise.legal_form import legal_form
from esq.normalise.municipality import MunicipalityIndex
from esq.normalise.names import name_key, normalise_name
from esq.normalise.neq import NEQ_STATUSES, neq
from esq.normalise.phone import phone
from esq.normalise.places import place_key
from esq.normalise.postal import postal_code
from esq.normalise.sector import sector
from esq.normalise.text import clean_text, fold
from esq.normalise.web import website
from tests.shared_data import MUN_CSV

# Fragments that reach the interesting branches (suffixes, families, extensions, schemes…).
_FRAGMENTS = [
    "Coopérative",
    "de",
    "solidarité",
    "travail",
    "coop",
    "CPE",
    "inc.",
    "Ltée",
    "s.e.n.c.",
    "St-",
    "Ste-",
    "Trois-Rivières",
    "(Québec)",
    "QC",
    "poste",
    "ext.",
    "#",
    "p.",
    "819",
    "375-1234",
    "G9A",
    "5K8",
    "www.",
    "https://",
    "facebook.com/",
    "utm_source=x",
    "?",
    "@",
    "mailto:",
    ".ca",
    ".qc.ca",
    "CP",
    "APP:",
    "bureau",
    "100-190",
    "rue",
    "1.14E+09",
    "1142720136",
    "–",
    "'",
    "’",
    ",",
    ".",
    " ",
    "\n",
    "\u0301",
    "\u200b",
    "İ",
    "ß",
    "œ",
    "ﬁ",
    "0",
    "NA",
]
# No example database: tests write only under tmp_path.
NO_DB = settings(database=None, deadline=None)
texts = st.one_of(
    st.text(),
    st.lists(st.sampled_from(_FRAGMENTS), max_size=8).map("".join),
    st.lists(st.sampled_from(_FRAGMENTS), max_size=8).map(" ".join),
)
anything = st.one_of(texts, st.none(), st.integers(), st.floats(), st.booleans(), st.binary())

STR_TO_STR = [clean_text, name_key, postal_code, email, legal_form, sector, street_key]


@pytest.mark.parametrize("normaliser", STR_TO_STR, ids=lambda f: f.__name__)
@NO_DB
@given(value=texts)
def test_idempotent(normaliser, value):
    once = normaliser(value)
    if once is not None:
        assert normaliser(once) == once


@NO_DB
@given(value=texts)
def test_fold_and_place_key_are_idempotent(value):
    assert fold(fold(value)) == fold(value)
    assert place_key(place_key(value)) == place_key(value)


@NO_DB
@given(value=texts)
@example(value="0.AL/;#")  # a fragment hid the stray ';' from the first pass
def test_structured_normalisers_are_stable(value):
    number = phone(value)
    if number is not None:
        assert phone(number.e164) == type(number)(number.e164, None)
    site = website(value)
    if site is not None:
        assert website(site.url) == site
    result = neq(value)
    assert result.status in NEQ_STATUSES
    if result.value is not None:
        assert neq(result.value) == result
    parsed = address(value)
    if parsed is not None:
        assert address(parsed.line) == parsed
    parts = normalise_name(value)
    if parts is not None:
        assert parts.key and name_key(parts.key) == parts.key


@pytest.fixture(scope="module")
def index() -> MunicipalityIndex:
    return MunicipalityIndex.from_csv(MUN_CSV)


ALL = [
    clean_text,
    name_key,
    normalise_name,
    postal_code,
    email,
    legal_form,
    sector,
    street_key,
    phone,
    website,
    neq,
    address,
]


@pytest.mark.parametrize("normaliser", ALL, ids=lambda f: f.__name__)
@settings(max_examples=200, database=None, deadline=None)
@given(value=anything)
def test_never_raises(normaliser, value):
    normaliser(value)


@settings(max_examples=200, database=None, deadline=None)
@given(value=anything, postal=st.one_of(st.none(), texts))
def test_resolve_never_raises(index, value, postal):
    index.resolve(value, postal)
