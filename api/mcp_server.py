"""The register as Model Context Protocol tools, for AI assistants (the official `mcp` SDK).

Read-only tools over the same library functions as the command and the API: lookup, assess, compare,
timeline, search, show, penalties and a bounded SPARQL query (through the API's SPARQL worker pool: the
same guard, killed past the time limit). Every result carries `citations` (provision, official text,
page) so an assistant can quote its sources. `dutygraph mcp` serves it over stdio; `dutygraph serve`
mounts it as streamable HTTP at /mcp/.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import anyio.to_thread
from dutygraph.graph import __version__
from dutygraph.graph.applicability import applicable_duties
from dutygraph.graph.assess import assess as run_assess
from dutygraph.graph.assess import parse_profile
from dutygraph.graph.catalogue import Catalogue
from dutygraph.graph.compare import compare as run_compare
from dutygraph.graph.entity import show as run_show
from dutygraph.graph.errors import DutygraphError
from dutygraph.graph.models import DutyAnswer
from dutygraph.graph.penalties import penalties_for
from dutygraph.graph.search import index as search_index
from dutygraph.graph.search import search as run_search
from dutygraph.graph.store import Store
from dutygraph.graph.timeline import timeline as run_timeline
from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError

from .sparql_pool import WorkerPool
from .sparql_workers import NothingAcceptable, QueryTask

BASE = "https://w3id.org/dutygraph/id/"
MAX_SPARQL_BYTES = 200_000  # of results handed to an assistant

COVERAGE = (
    "Coverage: the register models children's online-safety duties of the UK (Online Safety Act and its "
    "secondary legislation, the Age Appropriate Design Code), the EU (DSA, GDPR Art. 8, AVMSD, AI Act, the "
    "interim CSAM regulation), France, Ireland, the US federal level (COPPA, TAKE IT DOWN Act, 18 U.S.C. 2258A) "
    "and Australia. It does not model other countries' national law, US state law, contract or platform terms, "
    "and it is not legal advice: every answer names its provision and official text to check."
)

INSTRUCTIONS = (
    "dutygraph: which child-safety duties apply to an online service, where, from when, and why. Quote the "
    "`citations` of each result (provision and official text) when you answer. " + COVERAGE
)


@dataclass
class Backend:
    """What the tools read: filled in when the server starts (stdio) or the API's lifespan opens (HTTP)."""

    store: Store | None = None
    catalogue: Catalogue | None = None
    sparql: Callable[[str], Awaitable[bytes]] | None = None


def cite(duties: list[DutyAnswer]) -> list[dict[str, Any]]:
    return [
        {
            "duty": d.id,
            "law": d.instrument.label,
            "provision": d.citation,
            "official_text": d.official_text,
            "page": BASE + d.id,
        }
        for d in duties
    ]


def duty_line(d: DutyAnswer) -> dict[str, Any]:
    return {
        "id": d.id,
        "label": d.label,
        "verdict": d.applicability,
        "law": d.instrument_short_title or d.instrument.label,
        "provision": d.citation,
        "official_text": d.official_text,
        "applies_in": d.applies_in.code,
        "effective_from": d.effective_from.isoformat() if d.effective_from else None,
        "why": d.why.text if d.why else None,
        "against": [r.text for r in d.reasons if not r.holds],
        "enforced_by": [c.text for c in d.competent_authorities] or [a.label for a in d.enforced_by],
        "verification": d.verification,
    }


def build(backend: Backend, lifespan: Callable[[MCPServer[Any]], Any] | None = None) -> MCPServer[Any]:
    # the SDK installs its own (rich) handler on the root logger; the server's logs keep the format they had
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    server: MCPServer[Any] = MCPServer(
        "dutygraph", version=__version__, instructions=INSTRUCTIONS, lifespan=lifespan, log_level="WARNING"
    )
    root.handlers[:] = handlers
    root.setLevel(level)

    async def call(fn: Callable[[], Any]) -> Any:
        if backend.store is None or backend.catalogue is None:
            raise ToolError("the register is still opening; try again")
        try:
            return await anyio.to_thread.run_sync(fn)
        except DutygraphError as exc:  # bad input: the model reads the precise reason and can retry
            raise ToolError(f"{exc.title}: {exc.detail}") from None

    def ctx() -> tuple[Store, Catalogue]:
        assert backend.store is not None and backend.catalogue is not None
        return backend.store, backend.catalogue

    @server.tool(description=f"Which duties apply to a service in a jurisdiction on a date, and why. {COVERAGE}")
    async def lookup(
        jurisdiction: str,
        date: str | None = None,
        services: list[str] | None = None,
        conditions: list[str] | None = None,
        designations: list[str] | None = None,
        establishment: str | None = None,
        include_pending: bool = False,
        lang: str = "en",
    ) -> dict[str, Any]:
        """jurisdiction: ISO code (GB, FR, EU, AU...); date YYYY-MM-DD (default today); services: category codes
        such as eu-online-platform; conditions: codes that hold, or !code for ones that do not."""

        def run() -> dict[str, Any]:
            found = applicable_duties(
                *ctx(), jurisdiction, date, services or [], conditions or [], None, include_pending, lang,
                designations or [], establishment,
            )  # fmt: skip
            return {
                "jurisdiction": found.jurisdiction.code,
                "date": found.date.isoformat(),
                "duties": [duty_line(d) for d in found.duties],
                "exempt": [duty_line(d) for d in found.exempt],
                "coverage_gaps": found.coverage_gaps,
                "penalties": [p.text for p in found.penalties],
                "citations": cite([*found.duties, *found.exempt]),
            }

        return await call(run)  # type: ignore[no-any-return]

    @server.tool(description=f"Assess a service profile across the countries it is offered in. {COVERAGE}")
    async def assess(profile: dict[str, Any], lang: str = "en") -> dict[str, Any]:
        """profile: {name, countries: [GB, FR...], monthly_active_users: {EU: 50000000}, features: [...],
        categories, conditions, designations, establishment, date}."""

        def run() -> dict[str, Any]:
            result = run_assess(*ctx(), parse_profile(profile), lang)
            duties = [d for j in result.jurisdictions for d in j.duties]
            return {
                "service": profile.get("name"),
                "jurisdictions": [
                    {
                        "jurisdiction": j.jurisdiction.code,
                        "categories": [{"category": c.category.id, "why": c.reason} for c in j.categories],
                        "thresholds": [x.text for x in j.thresholds],
                        "duties": [duty_line(d) for d in j.duties],
                    }
                    for j in result.jurisdictions
                ],
                "citations": cite(duties),
            }

        return await call(run)  # type: ignore[no-any-return]

    @server.tool(description=f"Corresponding duties across jurisdictions for a theme (e.g. age-assurance). {COVERAGE}")
    async def compare(
        theme: str, jurisdictions: list[str] | None = None, date: str | None = None, lang: str = "en"
    ) -> dict[str, Any]:
        def run() -> dict[str, Any]:
            result = run_compare(*ctx(), theme, None, jurisdictions or [], date, lang)
            duties = [d for c in result.cells for d in c.duties]
            return {
                "theme": theme,
                "cells": [
                    {"jurisdiction": c.jurisdiction.code, "duties": [duty_line(d) for d in c.duties]}
                    for c in result.cells
                ],
                "citations": cite(duties),
            }

        return await call(run)  # type: ignore[no-any-return]

    @server.tool(description=f"Duties starting or ending, enforcement and cooperation between two dates. {COVERAGE}")
    async def timeline(
        start: str | None = None, end: str | None = None, jurisdiction: str | None = None, lang: str = "en"
    ) -> dict[str, Any]:
        """start, end: YYYY-MM-DD."""

        def run() -> dict[str, Any]:
            found = run_timeline(*ctx(), start, end, jurisdiction, None, lang)
            entries = [e.model_dump(mode="json", exclude_none=True) for e in found.entries]
            return {
                "start": found.start.isoformat(),
                "end": found.end.isoformat(),
                "entries": entries,
                "citations": [
                    {"entry": e.id, "provision": e.detail, "official_text": e.source, "page": BASE + e.id}
                    for e in found.entries
                ],
            }

        return await call(run)  # type: ignore[no-any-return]

    @server.tool(description=f"Full-text search (English or French) over duties, laws, authorities. {COVERAGE}")
    async def search(
        q: str, lang: str = "en", jurisdiction: str | None = None, type: str | None = None, limit: int = 10
    ) -> dict[str, Any]:
        """q: plain words, e.g. "age verification" or "signalement pédopornographie"; type: duty, provision,
        law, authority, provider or concept."""

        def run() -> dict[str, Any]:
            found = run_search(*ctx(), q, lang, jurisdiction, type, max(1, min(limit, 50)))
            return {
                "query": found.query,
                "hits": [h.model_dump(mode="json", exclude_none=True) for h in found.hits],
                "suggestions": found.suggestions,
                "citations": [{"entity": h.id, "official_text": h.official_text, "page": h.page} for h in found.hits],
            }

        return await call(run)  # type: ignore[no-any-return]

    @server.tool(description=f"Everything the graph says about one entity (duty, law, authority...). {COVERAGE}")
    async def show(identifier: str, lang: str = "en") -> dict[str, Any]:
        """identifier: a short id such as ofcom or duty-eu-dsa-art28-1, or a full IRI."""

        def run() -> dict[str, Any]:
            entity = run_show(*ctx(), identifier, lang)
            official = [s.value for s in entity.statements if s.predicate.id in ("dg:officialText", "foaf:homepage")]
            body = entity.model_dump(mode="json", exclude_none=True)
            body["citations"] = [{"entity": entity.id, "official_text": o, "page": entity.iri} for o in official]
            return body

        return await call(run)  # type: ignore[no-any-return]

    @server.tool(description=f"Maximum penalties by regime, with the provision setting each. {COVERAGE}")
    async def penalties(law: str | None = None, jurisdiction: str | None = None, lang: str = "en") -> dict[str, Any]:
        def run() -> dict[str, Any]:
            found = penalties_for(*ctx(), law, jurisdiction, lang, None)
            return {
                "penalties": [
                    {"law": p.instrument.label, "maximum": p.text, "set_by": p.set_by.citation if p.set_by else None}
                    for p in found
                ],
                "citations": [
                    {
                        "penalty": p.id,
                        "provision": p.set_by.citation if p.set_by else None,
                        "official_text": p.set_by.official_text if p.set_by else None,
                        "page": p.iri,
                    }
                    for p in found
                ],
            }

        return await call(run)  # type: ignore[no-any-return]

    @server.tool(
        description=(
            "A read-only SPARQL 1.1 SELECT or ASK over the graph (prefixes dg:, dgid:, skos:, eli: are predeclared "
            "only if you write them; no SERVICE, no updates; time-limited; results over 200 kB are refused). "
            + COVERAGE
        )
    )
    async def sparql(query: str) -> dict[str, Any]:
        if backend.sparql is None:
            raise ToolError("the SPARQL workers are still starting; try again")
        try:
            body = await backend.sparql(query)
        except DutygraphError as exc:
            raise ToolError(f"{exc.title}: {exc.detail}") from None
        result = json.loads(body)
        return {
            "result": result,
            "citations": [{"note": "raw graph data; each duty's dg:officialText is its official text"}],
        }

    return server


def pool_runner(pool: WorkerPool, timeout_s: float) -> Callable[[str], Awaitable[bytes]]:
    """SPARQL through the API's worker pool: checked by the same guard, killed past the time limit."""
    from dutygraph.graph.errors import QueryRejected, ResultTooLarge

    async def run(text: str) -> bytes:
        try:
            answer = await pool.run(QueryTask(text, "application/sparql-results+json", None), timeout_s)
        except NothingAcceptable:  # a CONSTRUCT or DESCRIBE: no graph format is offered here
            answer = None
        if answer is None or answer.form not in ("SELECT", "ASK"):
            raise QueryRejected("only SELECT and ASK queries are offered to assistants")
        if answer.body is None:
            raise QueryRejected("SPARQL over a remote store is not offered to assistants; query that endpoint itself")
        if len(answer.body) > MAX_SPARQL_BYTES:
            raise ResultTooLarge(f"the result is over {MAX_SPARQL_BYTES} bytes; add a LIMIT or narrow the query")
        return answer.body

    return run


def stdio(store_location: str | None) -> None:
    """`dutygraph mcp`: open the store and one SPARQL worker, then serve the tools over stdin/stdout."""
    from .settings import Settings
    from .sparql_workers import WorkerConfig
    from .state import _named_graphs  # the same graph list the API's guard checks FROM clauses against

    settings = Settings(**({"store": store_location} if store_location else {}))
    backend = Backend()

    @asynccontextmanager
    async def lifespan(_: MCPServer[Any]) -> AsyncIterator[None]:
        from dutygraph.graph.store import open_store

        backend.store = await anyio.to_thread.run_sync(open_store, settings.store, (), settings.query_timeout_s)
        backend.catalogue = await anyio.to_thread.run_sync(Catalogue, backend.store)
        for lang in ("en", "fr"):
            await anyio.to_thread.run_sync(search_index, backend.store, backend.catalogue, lang)
        graphs = await anyio.to_thread.run_sync(_named_graphs, backend.store)
        config = WorkerConfig(
            store=None if settings.remote else settings.store,
            known_graphs=graphs,
            max_query_bytes=settings.max_query_bytes,
            max_result_bytes=MAX_SPARQL_BYTES,
            memory_mb=settings.sparql_worker_memory_mb,
            isolate_network=settings.sparql_worker_isolation,
            query_timeout_s=settings.query_timeout_s,
        )
        pool = WorkerPool(config, 1, 2)
        await pool.start()
        backend.sparql = pool_runner(pool, settings.query_timeout_s)
        try:
            yield
        finally:
            await pool.close()

    build(backend, lifespan).run("stdio")
