"""The one error hierarchy of dutygraph, shared by the command line and the API.

Each error knows its HTTP status, a short title and a stable ``type`` URI, so the
API renders it as RFC 9457 problem+json and the command line as one line on
stderr with an exit code, without either inspecting messages::

    DutygraphError
    ├── InvalidInput (400; CLI exit 2)
    │   ├── UnknownCode          unknown jurisdiction, category, condition, theme...
    │   ├── BadDate              not an ISO date, or a range in the wrong order
    │   ├── BadIdentifier        not a known IRI or short identifier form
    │   ├── BadProfile           a service profile that does not parse or validate
    │   └── QueryRejected        malformed, too long, an update, SERVICE, FROM outside the store
    │       └── Unwritable (406) a result term the asked format cannot write (XML 1.0, RDF/XML names)
    ├── NotFound (404; CLI exit 2)
    ├── QueryTimeout (503; CLI exit 2)
    ├── ResultTooLarge (413; CLI exit 2)
    ├── DataFileError (CLI exit 1): a Turtle file that does not parse, with file and line
    └── StoreUnavailable (503; CLI exit 2): the remote SPARQL server cannot be reached
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

DOCS = "https://w3id.org/dutygraph/docs/errors"


class DutygraphError(Exception):
    """Base class: a failure we can explain to the user in one line."""

    status = 500
    title = "Internal error"
    slug = "internal"
    exit_code = 2

    def __init__(self, detail: str, **extra: object) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra

    @property
    def type_uri(self) -> str:
        return f"{DOCS}#{self.slug}"


class InvalidInput(DutygraphError):
    status, title, slug = 400, "Invalid input", "invalid-input"


class UnknownCode(InvalidInput):
    """A code outside a closed list; the message suggests the nearest valid ones, then lists them all."""

    title, slug = "Unknown code", "unknown-code"

    def __init__(self, kind: str, value: str, valid: Iterable[str]) -> None:
        options = sorted(set(valid))
        near = nearest(value, options)
        hint = f"; did you mean {' or '.join(map(repr, near))}?" if near else ""
        shown = ", ".join(options[:80]) + (" ..." if len(options) > 80 else "")
        super().__init__(
            f"unknown {kind} {value!r}{hint}; valid values: {shown}",
            kind=kind,
            value=value,
            suggestions=near,
            valid=options,
        )


def nearest(value: str, options: list[str], n: int = 3) -> list[str]:
    """The closest valid codes to a misspelt one (difflib's ratio; case and a `!` negation ignored)."""
    key = value.strip().removeprefix("!").lower()
    by_key = {o.lower(): o for o in options}
    return [by_key[m] for m in difflib.get_close_matches(key, list(by_key), n=n, cutoff=0.6)]


class BadDate(InvalidInput):
    title, slug = "Bad date", "bad-date"


class BadIdentifier(InvalidInput):
    title, slug = "Bad identifier", "bad-identifier"


class BadProfile(InvalidInput):
    title, slug = "Bad service profile", "bad-profile"


class QueryRejected(InvalidInput):
    title, slug = "Query rejected", "query-rejected"


class UnsupportedQueryForm(QueryRejected):
    """Updates and other operations a read-only endpoint refuses."""

    status, title, slug = 403, "Read-only endpoint", "read-only"


class Unwritable(QueryRejected):
    """The result holds a term the asked format cannot write; another format can (406)."""

    status, title, slug = 406, "Result cannot be written in this format", "unwritable-result"


class NotFound(DutygraphError):
    status, title, slug = 404, "Not found", "not-found"


class QueryTimeout(DutygraphError):
    status, title, slug = 503, "Query time limit reached", "query-timeout"


class ResultTooLarge(DutygraphError):
    status, title, slug = 413, "Result too large", "result-too-large"


class Overloaded(DutygraphError):
    status, title, slug = 503, "Too many concurrent queries", "overloaded"


class DataFileError(DutygraphError):
    """A data file that does not parse: reported with its name and line."""

    status, title, slug, exit_code = 500, "Data file does not parse", "data-file", 1

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}", path=path, line=line)
        self.path, self.line = path, line


class StoreUnavailable(DutygraphError):
    status, title, slug = 503, "Store unavailable", "store-unavailable"
