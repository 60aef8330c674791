"""The questions: which duties apply, an assessment, a comparison, a timeline, enforcement, penalties."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from ..errors import InvalidInput
from . import AnswerFmt, LangOpt, OutputOpt, StoreOpt, TableFmt, _context, _emit, _lang, _register, app


@app.command()
def duties(
    jurisdiction: Annotated[str, typer.Argument(help="ISO 3166 code: FR, GB (or UK), EU, FR-IDF...")],
    date: Annotated[str | None, typer.Option(help="ISO date; default today")] = None,
    service: Annotated[
        list[str] | None,
        typer.Option("--service", "-s", help="service category, e.g. eu-online-platform (repeatable)"),
    ] = None,
    condition: Annotated[
        list[str] | None,
        typer.Option("--condition", "-c", help="condition that holds, or !condition that does not (repeatable)"),
    ] = None,
    designation: Annotated[
        list[str] | None,
        typer.Option("--designation", "-d", help="a designation the service holds, e.g. eu-vlop (repeatable)"),
    ] = None,
    establishment: Annotated[str | None, typer.Option(help="EU Member State of main establishment, e.g. IE")] = None,
    harm: Annotated[str | None, typer.Option(help="only duties addressing this harm, e.g. csam")] = None,
    include_pending: Annotated[
        bool, typer.Option("--include-pending", help="also upcoming, pending and not-in-force duties")
    ] = False,
    explain: Annotated[bool, typer.Option("--explain", help="also every other candidate duty and why not")] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="each duty with its reasoning, enforcer, sources and notes")
    ] = False,
    fmt: Annotated[AnswerFmt, typer.Option("--format", help="table, json, or the register as csv or xlsx")] = (
        AnswerFmt.table
    ),
    output: OutputOpt = None,
    store: StoreOpt = None,
    lang: LangOpt = "en",
) -> None:
    """Duties that apply in a jurisdiction on a date, and why each applies (with --explain, why others do not)."""
    from ..applicability import applicable_duties
    from ..register import about, lookup_entries
    from ..render import json_text, lookup_text

    language = _lang(lang)
    opened, catalogue = _context(store)
    result = applicable_duties(
        opened,
        catalogue,
        jurisdiction,
        date,
        service or [],
        condition or [],
        harm,
        include_pending,
        language,
        designation or [],
        establishment,
        explain,
    )
    if fmt is AnswerFmt.json:
        _emit(json_text(result))
    elif fmt in (AnswerFmt.csv, AnswerFmt.xlsx):
        question = f"duties in {result.jurisdiction.code} on {result.date}"
        _register(
            fmt, lookup_entries(result), output, about(question, result.date, "dutygraph duties", language), language
        )
    else:
        _emit(lookup_text(result, language, verbose))


@app.command()
def assess(
    profile: Annotated[Path, typer.Argument(help="service profile, YAML or JSON (see examples/service-profile.yaml)")],
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="each duty with its reasoning, enforcer, sources and notes")
    ] = False,
    fmt: Annotated[AnswerFmt, typer.Option("--format", help="table, json, or the register as csv or xlsx")] = (
        AnswerFmt.table
    ),
    output: OutputOpt = None,
    store: StoreOpt = None,
    lang: LangOpt = "en",
) -> None:
    """Every applicable duty in every country a service is offered in, with every threshold tested."""
    from ..assess import assess as run_assess
    from ..assess import load_profile
    from ..register import about, assessment_entries
    from ..render import assessment_text, json_text

    language = _lang(lang)
    parsed = load_profile(profile)
    opened, catalogue = _context(store)
    result = run_assess(opened, catalogue, parsed, language)
    if fmt is AnswerFmt.json:
        _emit(json_text(result))
    elif fmt in (AnswerFmt.csv, AnswerFmt.xlsx):
        question = f"assessment of {result.service}"
        entries = assessment_entries(result)
        _register(fmt, entries, output, about(question, result.date, str(profile), language), language)
    else:
        _emit(assessment_text(result, language, verbose))


@app.command()
def compare(
    theme: Annotated[
        list[str] | None, typer.Option(help="theme, e.g. age-assurance (repeatable with --matrix)")
    ] = None,
    duty: Annotated[str | None, typer.Option(help="a duty id, e.g. duty-eu-dsa-art28-1")] = None,
    jurisdiction: Annotated[
        list[str] | None, typer.Option("--jurisdiction", "-j", help="repeatable; default all")
    ] = None,
    date: Annotated[str | None, typer.Option(help="ISO date of the verdicts; default today")] = None,
    matrix: Annotated[
        bool, typer.Option("--matrix", help="themes × jurisdictions (every theme when none is given)")
    ] = False,
    include_pending: Annotated[
        bool, typer.Option("--include-pending", help="also pending, not-in-force and ended duties")
    ] = False,
    fmt: Annotated[AnswerFmt, typer.Option("--format", help="table, json, or the register as csv or xlsx")] = (
        AnswerFmt.table
    ),
    output: OutputOpt = None,
    store: StoreOpt = None,
    lang: LangOpt = "en",
) -> None:
    """Corresponding duties across jurisdictions for a theme or a duty, as a matrix, with each verdict."""
    from ..catalogue import parse_date
    from ..compare import compare as run_compare
    from ..compare import theme_matrix
    from ..register import about, comparison_entries
    from ..render import citation, json_text, table

    language = _lang(lang)
    opened, catalogue = _context(store)
    headers = ["jurisdiction", "duty", "provision", "from", "status", "checked"]

    def cells(c: Any, d: Any) -> list[str]:
        start = d.effective_from.isoformat() if d.effective_from else "…"
        return [c.jurisdiction.code, d.id, citation(d), start, d.applicability, d.verification or "—"]

    if matrix:
        found = theme_matrix(opened, catalogue, theme or [], jurisdiction or [], date, include_pending, language)
        headers = ["theme", *headers]
        rows = [[r.theme.id, *cells(c, d)] for r in found.rows for c in r.cells for d in c.duties]
        if fmt in (AnswerFmt.csv, AnswerFmt.xlsx):
            question = f"themes × {', '.join(j.code for j in found.jurisdictions)}"
            _register(
                fmt,
                comparison_entries(found),
                output,
                about(question, found.date, "dutygraph compare", language),
                language,
            )
        else:
            _emit(json_text(found) if fmt is AnswerFmt.json else table(headers, rows))
        return
    if theme and len(theme) > 1:
        raise InvalidInput("give one --theme, or several with --matrix")
    result = run_compare(
        opened, catalogue, theme[0] if theme else None, duty, jurisdiction or [], date, language, include_pending
    )
    rows = [cells(c, d) for c in result.cells for d in c.duties]
    if fmt is AnswerFmt.json:
        _emit(json_text(result))
    elif fmt in (AnswerFmt.csv, AnswerFmt.xlsx):
        day = parse_date(date)
        question = f"comparison: {theme[0] if theme else duty}"
        _register(
            fmt, comparison_entries(result), output, about(question, day, "dutygraph compare", language), language
        )
    else:
        extra = "".join(
            f"\n{c.strength} match: {', '.join(d.id for d in c.duties)}" + (f" ({c.note})" if c.note else "")
            for c in result.correspondences
        )
        _emit(table(headers, rows) + extra)


@app.command()
def timeline(
    start: Annotated[str | None, typer.Option("--from", help="ISO date; default 2000-01-01")] = None,
    end: Annotated[str | None, typer.Option("--to", help="ISO date; default end of next year")] = None,
    jurisdiction: Annotated[str | None, typer.Option(help="ISO code")] = None,
    authority: Annotated[str | None, typer.Option(help="authority id, e.g. ofcom")] = None,
    fmt: Annotated[TableFmt, typer.Option("--format")] = TableFmt.table,
    store: StoreOpt = None,
    lang: LangOpt = "en",
) -> None:
    """Duties starting or ending, and enforcement and cooperation events, in a period."""
    from ..render import csv_text, json_text, table
    from ..timeline import timeline as run_timeline

    opened, catalogue = _context(store)
    result = run_timeline(opened, catalogue, start, end, jurisdiction, authority, _lang(lang))
    headers = ["date", "kind", "id", "where", "label"]
    rows = [[e.date, e.kind, e.id, " ".join(j.code for j in e.jurisdictions), e.label] for e in result.entries]
    if fmt is TableFmt.json:
        _emit(json_text(result))
    elif fmt is TableFmt.csv:
        _emit(csv_text(headers, rows))
    else:
        _emit(table(headers, rows))


@app.command()
def enforcement(
    start: Annotated[str | None, typer.Option("--from", help="ISO date; default 2000-01-01")] = None,
    end: Annotated[str | None, typer.Option("--to", help="ISO date; default end of next year")] = None,
    jurisdiction: Annotated[str | None, typer.Option(help="ISO code")] = None,
    authority: Annotated[str | None, typer.Option(help="authority id, e.g. ofcom")] = None,
    status: Annotated[str | None, typer.Option(help="open, preliminary-findings, decision, fine or closed")] = None,
    minors: Annotated[
        bool | None, typer.Option("--minors/--not-minors", help="only actions about minors, or only others")
    ] = None,
    fmt: Annotated[TableFmt, typer.Option("--format")] = TableFmt.table,
    store: StoreOpt = None,
    lang: LangOpt = "en",
) -> None:
    """Enforcement actions with their stage, legal basis, target and fine."""
    from ..enforcement import enforcement_actions
    from ..render import csv_text, table

    opened, catalogue = _context(store)
    found = enforcement_actions(opened, catalogue, start, end, jurisdiction, authority, status, minors, _lang(lang))
    headers = ["date", "id", "by", "stage", "minors", "fine", "basis"]
    rows = [
        [
            a.date,
            a.id,
            ", ".join(x.label for x in a.authorities),
            a.status.label if a.status else "",
            {True: "yes", False: "no", None: ""}[a.about_minors],
            f"{a.fine_amount:,.0f} {a.currency or ''}".strip() if a.fine_amount is not None else "",
            ", ".join(p.citation or p.label for p in a.legal_basis),
        ]
        for a in found
    ]
    if fmt is TableFmt.json:
        from pydantic import TypeAdapter

        from ..models import EnforcementAction

        _emit(TypeAdapter(list[EnforcementAction]).dump_json(found, indent=2).decode())
    elif fmt is TableFmt.csv:
        _emit(csv_text(headers, rows))
    else:
        _emit(table(headers, rows))


@app.command()
def penalties(
    law: Annotated[str | None, typer.Option(help="instrument id, e.g. eu-dsa")] = None,
    jurisdiction: Annotated[
        str | None, typer.Option(help="only instruments whose duties reach this place, e.g. FR")
    ] = None,
    date: Annotated[str | None, typer.Option(help="ISO date for the place's memberships; default today")] = None,
    fmt: Annotated[TableFmt, typer.Option("--format")] = TableFmt.table,
    store: StoreOpt = None,
    lang: LangOpt = "en",
) -> None:
    """Maximum penalties by regime, with the provision that sets each and who imposes it."""
    from ..penalties import penalties_for
    from ..render import csv_text, table

    opened, catalogue = _context(store)
    found = penalties_for(opened, catalogue, law, jurisdiction, _lang(lang), date)
    headers = ["instrument", "maximum", "set by", "imposed by"]
    rows = [
        [
            p.instrument.label,
            p.text,
            p.set_by.citation or p.set_by.label if p.set_by else "",
            p.imposed_by.label if p.imposed_by else (p.imposed_by_role.label if p.imposed_by_role else ""),
        ]
        for p in found
    ]
    if fmt is TableFmt.json:
        from pydantic import TypeAdapter

        from ..models import Penalty

        _emit(TypeAdapter(list[Penalty]).dump_json(found, indent=2).decode())
    elif fmt is TableFmt.csv:
        _emit(csv_text(headers, rows))
    else:
        _emit(table(headers, rows, max_width=90))
