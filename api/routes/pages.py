"""The web explorer: HTML pages for people who do not write SPARQL.

Each page calls the engine once (a handful of queries at most) on the store and
Catalogue the API opened once per process, and keeps its whole state in the
query string, so any answer can be shared as a link. Labels come from the engine
in the page's language; the interface's own words come from static/i18n/{en,fr}.json,
keyed by the English text. Bad input is explained on the page with its 4xx status,
never left to become a 500.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import yaml
from dutygraph.graph.applicability import applicable_duties
from dutygraph.graph.assess import assess, parse_profile
from dutygraph.graph.catalogue import DG, Catalogue, Entry, parse_date
from dutygraph.graph.compare import theme_matrix
from dutygraph.graph.errors import DutygraphError, InvalidInput
from dutygraph.graph.judgement import needs_designation
from dutygraph.graph.models import DutyAnswer, TimelineEntry
from dutygraph.graph.register import assessment_entries, comparison_entries, lookup_entries
from dutygraph.graph.render import citation
from dutygraph.graph.timeline import timeline
from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse
from jinja2 import pass_context
from jinja2.runtime import Context
from starlette.datastructures import QueryParams

from ..collation import collation_key
from ..conneg import LANGUAGES, Offer, negotiate_language
from ..deps import StateDep
from ..exports import CSV, WORKBOOK, register
from ..state import AppState

HERE = Path(__file__).resolve().parent.parent
# interface texts by language, keyed by the English text (or by a code such as "status:applies")
TEXTS: dict[str, dict[str, str]] = {
    lang: json.loads((HERE / "static" / "i18n" / f"{lang}.json").read_text(encoding="utf-8")) for lang in LANGUAGES
}
NAV = (
    ("/", "Lookup"),
    ("/explore/assess", "Assess"),
    ("/explore/compare", "Compare"),
    ("/explore/timeline", "Timeline"),
    ("/explore/sparql", "SPARQL"),
)
COMPARE_COLUMNS = ("GB", "EU", "FR", "IE", "US", "AU")
ASSESS_COUNTRIES = ("GB", "FR", "IE", "US", "AU")  # shown first; other countries sit in a fold
TIMELINE_KINDS = ("duty-starts", "duty-ends", "enforcement", "cooperation", "court-decision")


def page_lang(request: Request) -> str:
    """`?lang=` when it names a supported language, else the browser's Accept-Language."""
    asked = request.query_params.get("lang", "").strip().lower()
    return asked if asked in LANGUAGES else negotiate_language(request.headers.get("accept-language"))


def translate(lang: str, text: str, **values: object) -> str:
    """An interface text in the page's language, with its {fields} filled."""
    out = TEXTS.get(lang, TEXTS["en"]).get(text, text)
    return out.format(**values) if values else out


# Template helpers read the page's language from the render context, so the /id/ pages
# (rendered and cached by api/routes/resources.py without a request) can extend base.html too.
@pass_context
def t(ctx: Context, text: str, **values: object) -> str:
    return translate(ctx.get("lang", "en"), text, **values)


def _asked_lang(ctx: Context) -> str | None:
    """The language a link must carry: the one asked with ?lang=, or on cached pages any but English."""
    request, lang = ctx.get("request"), ctx.get("lang", "en")
    if request is None:
        return lang if lang != "en" else None
    return lang if request.query_params.get("lang", "").strip().lower() in LANGUAGES else None


@pass_context
def link(ctx: Context, path: str, **params: object) -> str:
    """A link to another page that keeps the language the reader chose."""
    pairs = [(k, v) for k, v in params.items() if v not in (None, "", [], ())]
    lang = _asked_lang(ctx)
    if lang:
        pairs.append(("lang", lang))
    return path + ("?" + urlencode(pairs, doseq=True) if pairs else "")


@pass_context
def switch_url(ctx: Context) -> str:
    """This page in the other language, with the rest of its query kept."""
    other = "fr" if ctx.get("lang", "en") == "en" else "en"
    request = ctx.get("request")
    if request is None:
        return f"{ctx.get('self_path', '')}?lang={other}"
    kept = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    return request.url.path + "?" + urlencode([*kept, ("lang", other)])


@pass_context
def current(ctx: Context, path: str) -> bool:
    request = ctx.get("request")
    return request is not None and request.url.path == path


# --- taking an answer away: the same page's URL with format=csv or format=xlsx


def download(q: QueryParams) -> Offer | None:
    """The register format a page was asked for (`format=csv|xlsx`), or None for the page itself."""
    value = q.get("format", "").strip().lower()
    if not value:
        return None
    if value not in ("csv", "xlsx"):
        raise InvalidInput(f"format must be csv or xlsx, got {value!r}")
    return CSV if value == "csv" else WORKBOOK


def page_url(request: Request) -> str:
    """The page's own address without format=, which gives the same answer again as a page."""
    kept = [(k, v) for k, v in request.query_params.multi_items() if k != "format"]
    return str(request.url.replace(query=urlencode(kept)))


@pass_context
def export_url(ctx: Context, fmt: str) -> str:
    """This page's answer as a download: the same query with format=csv or format=xlsx."""
    request = ctx.get("request")
    if request is None:
        return ""
    kept = [(k, v) for k, v in request.query_params.multi_items() if k != "format"]
    return request.url.path + "?" + urlencode([*kept, ("format", fmt)])


HELPERS = {"t": t, "link": link, "switch_url": switch_url, "current": current, "nav": NAV, "export_url": export_url}


@asynccontextmanager
async def install_helpers(app: FastAPI) -> AsyncIterator[None]:
    """Give the app's one Jinja environment the explorer's helpers, once the app's own lifespan opened it.

    FastAPI runs an included router's lifespan inside the app's, after AppState.open.
    """
    state: AppState = app.state.dutygraph
    state.templates.globals.update(HELPERS)
    yield


router = APIRouter(include_in_schema=False, lifespan=install_helpers)


def render(
    request: Request, state: AppState, name: str, context: dict[str, Any], error: DutygraphError | None = None
) -> HTMLResponse:
    """A page in the app's Jinja environment; an engine error becomes a message on the page and its status."""
    status = 200
    if error is not None:
        context["error"] = error.detail
        status = error.status if 400 <= error.status < 600 else 500
    lang = page_lang(request)
    html = state.templates.get_template(name).render(request=request, lang=lang, **context)
    return HTMLResponse(html, status_code=status, headers={"Content-Language": lang, "Vary": "Accept-Language"})


# --- the choices every form offers, built once per catalogue and language


@dataclass(frozen=True)
class Option:
    code: str
    label: str


@dataclass
class Choices:
    jurisdictions: list[tuple[str, list[Option]]] = field(default_factory=list)  # (group heading, options)
    countries: list[Option] = field(default_factory=list)
    categories: list[tuple[str, list[Option]]] = field(default_factory=list)
    conditions: list[Option] = field(default_factory=list)
    features: list[Option] = field(default_factory=list)
    themes: list[Option] = field(default_factory=list)
    harms: list[Option] = field(default_factory=list)
    designations: list[Option] = field(default_factory=list)  # categories that bind only once designated
    member_states: list[Option] = field(default_factory=list)  # where a main establishment can be


def _options(entries: Iterable[tuple[str, Entry]], lang: str) -> list[Option]:
    return sorted((Option(code, e.label(lang)) for code, e in entries), key=lambda o: collation_key(o.label))


@lru_cache(maxsize=8)
def choices(catalogue: Catalogue, lang: str) -> Choices:
    places = catalogue.jurisdictions.items()
    groups = [
        ("Unions", DG + "SupranationalUnion"),
        ("Countries", DG + "Country"),
        ("Regions", DG + "SubnationalRegion"),
    ]
    found = Choices(
        jurisdictions=[(name, _options(((c, e) for c, e in places if cls in e.types), lang)) for name, cls in groups],
        countries=_options(((c, e) for c, e in places if DG + "Country" in e.types), lang),
        conditions=_options(catalogue.by_kind["condition"].items(), lang),
        features=_options(catalogue.by_kind["feature"].items(), lang),
        themes=_options(catalogue.by_kind["theme"].items(), lang),
        harms=_options(catalogue.by_kind["harm"].items(), lang),
        designations=_options(
            ((c, e) for c, e in catalogue.by_kind["category"].items() if needs_designation(catalogue, e.iri)), lang
        ),
        member_states=_options(
            ((c, e) for c, e in places if DG + "Country" in e.types and catalogue.memberships_of(e.iri)), lang
        ),
    )
    # service categories are minted per jurisdiction (eu-vlop, gb-category-1-service): group them so
    by_place: dict[str, list[tuple[str, Entry]]] = {}
    for code, entry in catalogue.by_kind["category"].items():
        prefix = code.split("-", 1)[0].upper()
        by_place.setdefault(prefix if prefix in catalogue.jurisdictions else "", []).append((code, entry))
    general = by_place.pop("", [])
    ordered = sorted(by_place.items(), key=lambda kv: collation_key(catalogue.jurisdictions[kv[0]].label(lang)))
    found.categories = [("", _options(general, lang))] if general else []
    found.categories += [(catalogue.jurisdictions[p].label(lang), _options(items, lang)) for p, items in ordered]
    return found


# --- reading forms


def _all(q: QueryParams, name: str) -> list[str]:
    return [v.strip() for v in q.getlist(name) if v.strip()]


def conditions_from(q: QueryParams) -> tuple[list[str], dict[str, str]]:
    """Three-valued conditions from `cond-<code>=yes|no` radios (and the API's `condition=[!]code`).

    Returns the engine's arguments (`code`, `!code`) and the state to redraw the radios.
    """
    state: dict[str, str] = {}
    for key, value in q.multi_items():
        value = value.strip()
        if key.startswith("cond-") and value:
            if value not in ("yes", "no"):
                raise InvalidInput(f"{key} must be yes, no or empty (unknown), got {value!r}")
            state[key.removeprefix("cond-")] = value
    for value in _all(q, "condition"):
        state[value.removeprefix("!")] = "no" if value.startswith("!") else "yes"
    return [code if v == "yes" else "!" + code for code, v in state.items()], state


def _count(code: str, value: str) -> int:
    text = "".join(c for c in value if c not in " ,_.'\u00a0\u202f")
    if not text.isdigit():
        raise InvalidInput(f"monthly active users in {code} must be a whole number, got {value!r}")
    return int(text)


def profile_from(q: QueryParams, lang: str) -> dict[str, Any]:
    """A service profile (the body POST /assess takes) from the assess form's fields."""
    name = q.get("name", "").strip()
    countries = [c.upper() for c in _all(q, "country")]
    if not name:
        raise InvalidInput(translate(lang, "Give the service a name."))
    if not countries:
        raise InvalidInput(translate(lang, "Choose at least one country where the service is offered."))
    users = {
        key.removeprefix("users-").upper(): _count(key.removeprefix("users-").upper(), value)
        for key, value in q.multi_items()
        if key.startswith("users-") and value.strip()
    }
    conditions, _ = conditions_from(q)
    profile: dict[str, Any] = {
        "name": name,
        "countries": countries,
        "monthly_active_users": users,
        "features": _all(q, "feature"),
        "categories": _all(q, "service"),
        "designations": _all(q, "designation"),
        "conditions": conditions,
    }
    if q.get("establishment", "").strip():
        profile["establishment"] = q["establishment"].strip().upper()
    if q.get("date", "").strip():
        profile["date"] = parse_date(q["date"])
    return profile


@lru_cache(maxsize=1)
def example_profile() -> dict[str, list[str]]:
    """The shipped example profile (examples/service-profile.yaml) as the assess form's fields."""
    data = yaml.safe_load((files("dutygraph.examples") / "service-profile.yaml").read_text(encoding="utf-8"))
    fields: dict[str, list[str]] = {"name": [data["name"]], "country": list(data.get("countries", []))}
    fields |= {f"users-{c}": [str(n)] for c, n in data.get("monthly_active_users", {}).items()}
    fields |= {"feature": list(data.get("features", [])), "service": list(data.get("categories", []))}
    for condition in data.get("conditions", []):
        fields[f"cond-{condition.removeprefix('!')}"] = ["no" if condition.startswith("!") else "yes"]
    return fields


# --- pages


@router.get("/", response_class=HTMLResponse)
def lookup_page(request: Request, state: StateDep) -> HTMLResponse:
    """Which duties apply in a place, to a kind of service, on a date — grouped by law."""
    store, catalogue = state.store, state.catalogue
    q, lang = request.query_params, page_lang(request)
    form = {
        "jurisdiction": q.get("jurisdiction", "").strip(),
        "service": _all(q, "service"),
        "date": q.get("date", "").strip() or dt.date.today().isoformat(),
        "harm": q.get("harm", "").strip(),
        "include_pending": q.get("include_pending", "") in ("on", "true", "1"),
        "explain": q.get("explain", "") in ("on", "true", "1"),
        "designation": _all(q, "designation"),
        "establishment": q.get("establishment", "").strip().upper(),
        "conditions": {},
    }
    context: dict[str, Any] = {"form": form, "choices": choices(catalogue, lang), "result": None}
    try:
        conditions, form["conditions"] = conditions_from(q)
        if form["jurisdiction"]:
            context["result"] = applicable_duties(
                store,
                catalogue,
                form["jurisdiction"],
                form["date"],
                form["service"],
                conditions,
                form["harm"] or None,
                form["include_pending"],
                lang,
                form["designation"],
                form["establishment"] or None,
                form["explain"],
            )
            if download(q):
                answer = context["result"]
                question = f"duties in {answer.jurisdiction.code} on {answer.date}"
                name = f"duties-{answer.jurisdiction.code}-{answer.date}"
                return register(
                    download(q), lookup_entries(answer), name, question, answer.date, page_url(request), lang
                )
    except DutygraphError as exc:
        return render(request, state, "lookup.html", context, exc)
    return render(request, state, "lookup.html", context)


@router.get("/explore/assess", response_class=HTMLResponse)
def assess_page(request: Request, state: StateDep) -> HTMLResponse:
    """A service profile in; the duties per country with the reasoning behind each category."""
    store, catalogue = state.store, state.catalogue
    q, lang = request.query_params, page_lang(request)
    form: dict[str, Any] = {
        "name": q.get("name", ""),
        "country": {c.upper() for c in _all(q, "country")},
        "users": {k.removeprefix("users-").upper(): v for k, v in q.items() if k.startswith("users-")},
        "feature": set(_all(q, "feature")),
        "service": set(_all(q, "service")),
        "designation": set(_all(q, "designation")),
        "establishment": q.get("establishment", "").strip().upper(),
        "date": q.get("date", "").strip() or dt.date.today().isoformat(),
        "conditions": {},
    }
    options = choices(catalogue, lang)
    context: dict[str, Any] = {
        "form": form,
        "choices": options,
        "result": None,
        "example": example_profile(),
        "main_countries": [o for code in ASSESS_COUNTRIES for o in options.countries if o.code == code],
        "other_countries": [o for o in options.countries if o.code not in ASSESS_COUNTRIES],
    }
    others = {o.code for o in context["other_countries"]}
    context["others_given"] = len(others & (form["country"] | {k for k, v in form["users"].items() if v.strip()}))
    if not any(k != "lang" for k in q):
        return render(request, state, "assess.html", context)
    try:
        form["conditions"] = conditions_from(q)[1]
        profile = parse_profile(profile_from(q, lang), "profile")
        context["result"] = result = assess(store, catalogue, profile, lang)
        if download(q):
            question = f"assessment of {result.service} in {', '.join(profile.countries)}"
            name = f"assessment-{result.service}-{result.date}"
            entries = assessment_entries(result)
            return register(download(q), entries, name, question, result.date, page_url(request), lang)
    except DutygraphError as exc:
        return render(request, state, "assess.html", context, exc)
    return render(request, state, "assess.html", context)


@dataclass(frozen=True)
class MatrixDuty:
    """One duty in a comparison cell, as the page shows it."""

    slug: str
    label: str
    cite: str  # "DSA Art. 28(1)": the law's short title unless the citation already names it
    status: str
    via: str | None  # code of the union it comes through, for a member state's column

    @classmethod
    def of(cls, d: DutyAnswer, column: str) -> MatrixDuty:
        via = None if d.applies_in.code == column else d.applies_in.code
        return cls(d.id, d.label, citation(d), d.applicability, via)


@router.get("/explore/compare", response_class=HTMLResponse)
def compare_page(request: Request, state: StateDep) -> HTMLResponse:
    """Themes × jurisdictions: the engine's theme matrix (graph/compare.py), rendered; the page decides nothing."""
    store, catalogue = state.store, state.catalogue
    q, lang = request.query_params, page_lang(request)
    options = choices(catalogue, lang)
    form: dict[str, Any] = {
        "theme": _all(q, "theme"),
        "chosen": [c.upper() for c in _all(q, "jurisdiction")],  # ticked in the form: only what the reader chose
        "jurisdiction": [c.upper() for c in _all(q, "jurisdiction")] or list(COMPARE_COLUMNS),
        "date": q.get("date", "").strip() or dt.date.today().isoformat(),
        "include_pending": q.get("include_pending", "") in ("on", "true", "1"),
    }
    context: dict[str, Any] = {"form": form, "choices": options, "matrix": None, "defaults": COMPARE_COLUMNS}
    try:
        found = theme_matrix(
            store, catalogue, form["theme"], form["jurisdiction"], form["date"], form["include_pending"], lang
        )
        if download(q):
            question = f"themes × {', '.join(j.code for j in found.jurisdictions)}"
            name = f"compare-{found.date}"
            return register(download(q), comparison_entries(found), name, question, found.date, page_url(request), lang)
    except DutygraphError as exc:
        return render(request, state, "compare.html", context, exc)
    rows = [
        (
            Option(row.theme.id.removeprefix("theme-"), row.theme.label),
            [[MatrixDuty.of(d, cell.jurisdiction.code) for d in cell.duties] for cell in row.cells],
        )
        for row in found.rows
    ]
    context["matrix"] = {"columns": [Option(j.code, j.label) for j in found.jurisdictions], "rows": rows}
    return render(request, state, "compare.html", context)


@dataclass
class Dot:
    x: float
    y: float
    entry: TimelineEntry


@dataclass
class Lane:
    kind: str
    top: float
    height: float
    dots: list[Dot]


@dataclass
class Chart:
    width: int
    height: float
    left: int
    lanes: list[Lane]
    ticks: list[tuple[float, int]]


def timeline_chart(entries: list[TimelineEntry], width: int = 1000, left: int = 170, gap: float = 11.0) -> Chart | None:
    """Dots on a dated axis, one lane per kind; dots closer than `gap` stack upwards in their lane."""
    if not entries:
        return None
    first = dt.date(min(e.date for e in entries).year, 1, 1)
    last = dt.date(max(e.date for e in entries).year + 1, 1, 1)
    span = (last - first).days
    usable = width - left - 16

    def x_of(day: dt.date) -> float:
        return round(left + usable * (day - first).days / span, 1)

    lanes, top = [], 28.0
    for kind in TIMELINE_KINDS:
        rows: list[float] = []  # rightmost x used in each stacked row
        dots = []
        for entry in sorted((e for e in entries if e.kind == kind), key=lambda e: e.date):
            x = x_of(entry.date)
            row = next((i for i, used in enumerate(rows) if x - used >= gap), len(rows))
            rows[row : row + 1] = [x]
            dots.append(Dot(x, row, entry))
        if not dots:
            continue
        height = len(rows) * gap + 14
        for dot in dots:
            dot.y = round(top + height - 7 - dot.y * gap - gap / 2, 1)
        lanes.append(Lane(kind, top, height, dots))
        top += height + 6
    years = last.year - first.year
    step = 1 if years <= 16 else 2 if years <= 30 else 5
    ticks = [(x_of(dt.date(y, 1, 1)), y) for y in range(first.year, last.year + 1) if (y - first.year) % step == 0]
    return Chart(width, top + 4, left, lanes, ticks)


@router.get("/explore/timeline", response_class=HTMLResponse)
def timeline_page(request: Request, state: StateDep) -> HTMLResponse:
    """Duties starting and ending, enforcement and cooperation, on one dated chart with a list beneath."""
    store, catalogue = state.store, state.catalogue
    q, lang = request.query_params, page_lang(request)
    form: dict[str, Any] = {
        # the last ten years by default: the older records (COPPA, 2000) are one field away
        "from": q.get("from", "").strip() or dt.date(dt.date.today().year - 10, 1, 1).isoformat(),
        "to": q.get("to", "").strip(),
        "jurisdiction": q.get("jurisdiction", "").strip(),
        "kind": [k for k in _all(q, "kind") if k in TIMELINE_KINDS] or list(TIMELINE_KINDS),
    }
    context: dict[str, Any] = {
        "form": form,
        "choices": choices(catalogue, lang),
        "kinds": TIMELINE_KINDS,
        "result": None,
    }
    try:
        found = timeline(
            store, catalogue, form["from"] or None, form["to"] or None, form["jurisdiction"] or None, None, lang
        )
    except DutygraphError as exc:
        return render(request, state, "timeline.html", context, exc)
    entries = [e for e in found.entries if e.kind in form["kind"]]
    form["from"], form["to"] = found.start.isoformat(), found.end.isoformat()
    years: dict[int, list[TimelineEntry]] = {}
    for entry in entries:
        years.setdefault(entry.date.year, []).append(entry)
    context.update(result=found, entries=entries, years=sorted(years.items()), chart=timeline_chart(entries))
    return render(request, state, "timeline.html", context)


def example_title(text: str) -> str:
    """The first sentence of a query's opening comment (it may run over several lines)."""
    lines = []
    for line in text.splitlines():
        if not line.startswith("#") or line.lstrip("# ").startswith("Run:"):
            break
        lines.append(line.lstrip("# ").strip())
    words = " ".join(lines)
    ends = [i for i in (words.find(". "), words.find("? ")) if i >= 0]
    return words[: min(ends) + 1] if ends else words


@lru_cache(maxsize=1)
def examples() -> list[tuple[str, str, str]]:
    """(file name, title, query) of each examples/*.rq; the title is its first comment line."""
    found = []
    for item in sorted(files("dutygraph.examples").iterdir(), key=lambda p: p.name):
        if item.name.endswith(".rq"):
            text = item.read_text(encoding="utf-8")
            found.append((item.name, example_title(text) or item.name, text))
    return found


@router.get("/explore/sparql", response_class=HTMLResponse)
def sparql_page(request: Request, state: StateDep) -> HTMLResponse:
    """An editor for the read-only /sparql endpoint, preloaded with the project's example queries."""
    q = request.query_params
    chosen = q.get("example", "")
    known = examples()
    query = q.get("query") or next((text for name, _, text in known if name == chosen), known[0][2] if known else "")
    return render(request, state, "sparql.html", {"examples": known, "chosen": chosen, "query": query})
