"""The vocabularies the pair tests read (``compat.py``): stopwords, generic words, shared
hosts, the first words of a public body's name, and the postal code's provinces. Data only."""

from __future__ import annotations

#: Words that carry no identity in a name key.
STOPWORDS = frozenset(
    {
        "de",
        "du",
        "des",
        "la",
        "le",
        "les",
        "l",
        "d",
        "et",
        "the",
        "of",
        "a",
        "au",
        "aux",
        "en",
        "pour",
        "sur",
        "and",
    }
)

#: Words many unrelated organisations share: a name overlap made only of them proves nothing.
GENERIC = frozenset(
    {
        "centre",
        "maison",
        "service",
        "services",
        "association",
        "club",
        "comite",
        "groupe",
        "societe",
        "corporation",
        "entreprise",
        "ateliers",
        "atelier",
        "regional",
        "regionale",
        "quebec",
        "communautaire",
        "cooperative",
        "coop",
        # A regional county municipality, a caisse of the Desjardins network: the words name
        # the kind or network, the place after them names the one (« Caisse Desjardins de X »).
        "mrc",
        "caisse",
        "caisses",
        "desjardins",
    }
)

#: Registrable domains many organisations share (a network's portal, a city's site, a host):
#: agreeing on one says nothing about identity. Social networks already have no domain.
SHARED_HOSTS = frozenset(
    {
        "desjardins.com",
        "wordpress.com",
        "wixsite.com",
        "weebly.com",
        "squarespace.com",
        "jimdo.com",
        "webnode.fr",
        "google.com",
        "gouv.qc.ca",
        "quebec.ca",
        "canada.ca",
    }
)
#: First words of a name that make it a public body (« MRC de X », « Ville de X »).
PUBLIC_BODY_WORDS = frozenset({"mrc", "municipalite", "ville", "paroisse", "canton", "village"})

#: First letter of a Canadian postal code -> province (the FSA's first letter is provincial).
POSTAL_PROVINCE = {
    "A": "NL",
    "B": "NS",
    "C": "PE",
    "E": "NB",
    "G": "QC",
    "H": "QC",
    "J": "QC",
    "K": "ON",
    "L": "ON",
    "M": "ON",
    "N": "ON",
    "P": "ON",
    "R": "MB",
    "S": "SK",
    "T": "AB",
    "V": "BC",
    "X": "NT",
    "Y": "YT",
}
