"""Websites: canonical URL, registrable domain as the comparison key, social pages as page ids."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import tldextract

from esq.normalise.text import clean_text

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):/*")
_HOST = re.compile(r"^[^\W_](?:[\w-]*[^\W_])?(?:\.[^\W_](?:[\w-]*[^\W_])?)+$")
_TRACKING_EXACT = frozenset(
    {"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "_ga", "_gl", "yclid"}
)
# Social networks and shared hosts: the page, not the host, identifies the organisation.
# Canonical site name per registrable domain (twitter.com became x.com).
_SOCIAL = {
    "facebook.com": "facebook.com",
    "fb.com": "facebook.com",
    "fb.me": "facebook.com",
    "instagram.com": "instagram.com",
    "linkedin.com": "linkedin.com",
    "twitter.com": "x.com",
    "x.com": "x.com",
    "youtube.com": "youtube.com",
    "youtu.be": "youtube.com",
    "tiktok.com": "tiktok.com",
    "pinterest.com": "pinterest.com",
    "pinterest.ca": "pinterest.com",
    "linktr.ee": "linktr.ee",
    "google.com": "google.com",
}
# Path prefixes that are not the page itself: "/pages/<name>/<id>" keeps the id.
_SOCIAL_PREFIXES = frozenset({"company", "in", "school", "groups", "channel", "c", "user", "view"})
# Page ids whose case matters (YouTube channel ids); others are case-insensitive.
_CASE_SENSITIVE_SITES = frozenset({"youtube.com", "google.com"})


@dataclass(frozen=True)
class Website:
    """`url` canonical; `domain` the registrable domain (None for social pages);
    `social_page` like "facebook.com/pagename" for social media and shared hosts."""

    url: str
    domain: str | None
    social_page: str | None


@functools.cache
def _extractor() -> tldextract.TLDExtract:
    # No network and no cache: the public-suffix snapshot bundled with tldextract is used.
    # Private suffixes (blogspot.com, wixsite.com…) count, so "x.wixsite.com" is its own domain.
    return tldextract.TLDExtract(
        suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True
    )


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered.startswith("utm_") or lowered in _TRACKING_EXACT


def _social_page(site: str, path: str, query: str) -> str | None:
    segments = [s for s in path.split("/") if s]
    if site == "facebook.com" and segments[:1] == ["pages"] and len(segments) >= 3:
        segments = [segments[-1]]
    if site == "facebook.com" and segments[:1] == ["profile.php"]:
        ids = [v for k, v in parse_qsl(query) if k == "id"]
        return f"facebook.com/profile.php?id={ids[0]}" if ids else None
    if not segments:
        return None
    keep = 2 if segments[0].lower() in _SOCIAL_PREFIXES and len(segments) > 1 else 1
    page = "/".join(segments[:keep])
    if site not in _CASE_SENSITIVE_SITES:
        page = page.lower()
    if site == "google.com":
        return None if not page.startswith("view/") else f"sites.google.com/{page}"
    return f"{site}/{page}"


def website(value: object) -> Website | None:
    """Normalise a website written by hand ("www.alafut.qc.ca", "HTTP://Example.coop/a?utm_source=x").

    Adds "https://" when no scheme is given, lower-cases the host, drops "www.", tracking
    parameters (utm_*, fbclid, gclid…), fragments and a trailing slash; keeps the path.
    Social media and shared hosts give `domain` None and `social_page` "facebook.com/pagename".
    E-mail addresses, other schemes, hosts without a public suffix and garbage give None.
    """
    site = _website_once(value)
    # The first pass strips stray punctuation from the end of the whole text only, so a URL
    # whose fragment hid it ("0.al/;#") ends in it once the fragment is gone: normalise the
    # result again until it stops changing, so that website(site.url) == site always holds.
    for _ in range(3):
        if site is None:
            return None
        again = _website_once(site.url)
        if again == site:
            return site
        site = again
    return site


def _website_once(value: object) -> Website | None:
    """One pass of :func:`website`."""
    text = clean_text(value)
    if text is None:
        return None
    text = text.split(" ")[0].strip("<>\"'.,;")
    scheme_match = _SCHEME.match(text)
    if scheme_match is None:
        scheme, rest = "https", text
    else:
        scheme, rest = scheme_match.group(1).lower(), text[scheme_match.end() :]
    if scheme not in ("http", "https") or "@" in rest.split("/")[0]:
        return None
    try:
        parts = urlsplit(f"{scheme}://{rest}")
        host = (parts.hostname or "").rstrip(".")
        port = parts.port
    except ValueError:
        return None
    while host.startswith("www."):  # all of them, or the result would change on a second pass
        host = host[4:]
    extracted = _extractor()(host)
    if not _HOST.match(host) or not extracted.suffix or not extracted.domain:
        return None
    registrable = f"{extracted.domain}.{extracted.suffix}"
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)]
    )
    path = parts.path.rstrip("/")
    netloc = host if port is None or port in (80, 443) else f"{host}:{port}"
    url = urlunsplit((scheme, netloc, path, query, ""))
    site = _SOCIAL.get(registrable)
    if site is None:
        return Website(url=url, domain=registrable, social_page=None)
    if site == "google.com" and extracted.subdomain != "sites":
        return Website(url=url, domain=registrable, social_page=None)
    page = _social_page(site, path, query)
    if page is None:
        return None
    return Website(url=url, domain=None, social_page=page)
