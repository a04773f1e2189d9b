import pytest

from esq.normalise.web import Website, website


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # Pôle de la Mauricie directory style: no scheme, "www."
        ("www.alafut.qc.ca", Website("https://alafut.qc.ca", "alafut.qc.ca", None)),
        ("ostr.ca", Website("https://ostr.ca", "ostr.ca", None)),
        ("www.abercorn.ca", Website("https://abercorn.ca", "abercorn.ca", None)),  # MUN.csv mweb
        (
            "HTTP://WWW.Example.COOP/Page/",
            Website("http://example.coop/Page", "example.coop", None),
        ),
        (
            "https://example.coop/a?utm_source=nl&utm_medium=x&id=3&fbclid=abc#top",
            Website("https://example.coop/a?id=3", "example.coop", None),
        ),
        ("https://exemple.qc.ca/?gclid=1", Website("https://exemple.qc.ca", "exemple.qc.ca", None)),
        ("http://x.ca:8080/p", Website("http://x.ca:8080/p", "x.ca", None)),
        ("https://x.ca:443/", Website("https://x.ca", "x.ca", None)),
        (
            "monorg.wixsite.com/site",
            Website("https://monorg.wixsite.com/site", "monorg.wixsite.com", None),
        ),
        ("www.ostr.ca.", Website("https://ostr.ca", "ostr.ca", None)),
        ("www.www.ostr.ca", Website("https://ostr.ca", "ostr.ca", None)),
    ],
)
def test_website(value, expected):
    assert website(value) == expected


@pytest.mark.parametrize(
    ("value", "page"),
    [
        ("https://www.facebook.com/CoopExemple/", "facebook.com/coopexemple"),
        ("fr-ca.facebook.com/CoopExemple?ref=bookmarks", "facebook.com/coopexemple"),
        ("facebook.com/pages/Coop-Exemple/12345", "facebook.com/12345"),
        ("https://www.facebook.com/profile.php?id=1000", "facebook.com/profile.php?id=1000"),
        ("instagram.com/coop.exemple", "instagram.com/coop.exemple"),
        (
            "https://www.linkedin.com/company/coop-exemple/about/",
            "linkedin.com/company/coop-exemple",
        ),
        ("twitter.com/CoopExemple", "x.com/coopexemple"),
        ("https://x.com/CoopExemple", "x.com/coopexemple"),
        ("youtube.com/channel/UCaBc", "youtube.com/channel/UCaBc"),
        ("sites.google.com/view/coop-exemple/accueil", "sites.google.com/view/coop-exemple"),
    ],
)
def test_social_pages_are_page_ids_not_domains(value, page):
    result = website(value)
    assert result is not None
    assert result.domain is None
    assert result.social_page == page


@pytest.mark.parametrize(
    "value",
    [
        "info@coop.ca",
        "mailto:info@coop.ca",
        "ftp://coop.ca",
        "https://facebook.com",
        "localhost",
        "pas de site",
        "NA",
        "",
        None,
        "http://",
        "https://exemple..ca",
        "WWW.WWW.AL",
    ],
)
def test_not_a_website(value):
    assert website(value) is None
