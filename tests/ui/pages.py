"""Every page of the explorer the browser tests visit, in both languages, at a desktop and a phone width.

The entity pages cover each kind of resource: jurisdictions (with long source
URLs), a dated membership, a duty, a law, a provision, an authority, a theme.
"""

from __future__ import annotations

from urllib.parse import urlsplit

PAGES = [
    "/",
    "/?jurisdiction=FR&service=eu-online-platform&cond-accessible-to-minors=yes&date=2025-06-01",
    "/explore/assess",
    "/explore/assess?name=KidsTube&country=FR&country=GB&users-EU=48000000&feature=social-network&date=2025-06-01",
    "/explore/compare",
    "/explore/compare?theme=age-assurance&jurisdiction=GB&jurisdiction=FR&jurisdiction=AU&date=2025-06-01",
    "/explore/timeline",
    "/explore/sparql",
    "/ontology",
    "/id/fr",
    "/id/gb",
    "/id/us",
    "/id/membership-gb-eu",
    "/id/duty-eu-dsa-art28-1",
    "/id/eu-dsa",
    "/id/ofcom",
    "/id/theme-age-assurance",
    "/id/no-such-page",
]
LANGS = ("en", "fr")
WIDTHS = {"desktop": 1366, "phone": 390}


def with_lang(url: str, lang: str) -> str:
    return url + ("&" if "?" in url else "?") + f"lang={lang}"


def name(url: str, lang: str, width: str) -> str:
    """A file-name-safe name for a page's screenshot."""
    parts = urlsplit(url)
    path = parts.path.strip("/").replace("/", "-") or "lookup"
    return f"{path}{'-query' if parts.query else ''}-{lang}-{width}"
