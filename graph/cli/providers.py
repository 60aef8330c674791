"""Providers: the list, one provider's designations, and the duties that apply to it here on a date."""

from __future__ import annotations

from typing import Annotated

import typer

from . import LangOpt, StoreOpt, TableFmt, _context, _emit, _lang, app


@app.command()
def providers(
    provider_id: Annotated[
        str | None, typer.Argument(metavar="[ID]", help="a provider id, e.g. provider-tiktok: its designations")
    ] = None,
    fmt: Annotated[TableFmt, typer.Option("--format")] = TableFmt.table,
    store: StoreOpt = None,
    lang: LangOpt = "en",
) -> None:
    """Service providers with their designations; with an ID, that provider's designations and decisions."""
    from ..providers import provider, providers
    from ..render import csv_text, json_text, table

    language = _lang(lang)
    opened, catalogue = _context(store)
    if provider_id:
        detail = provider(opened, catalogue, provider_id, language)
        headers = ["service", "category", "by", "decided", "binds from", "ends", "verification"]
        rows = [
            [
                d.service + ("" if d.falls_in_category else " (not in category)"),
                d.category.label,
                d.designated_by.label if d.designated_by else "",
                str(d.designated_on or ""),
                str(d.binds_from or ""),
                str(d.ends_on or ""),
                d.evidence.verification or "",
            ]
            for d in detail.designation_list
        ]
        if fmt is TableFmt.json:
            _emit(json_text(detail))
        elif fmt is TableFmt.csv:
            _emit(csv_text(headers, rows))
        else:
            seat = f" — main establishment {detail.main_establishment.code}" if detail.main_establishment else ""
            _emit(f"{detail.label} ({detail.id}){seat}\n" + table(headers, rows, max_width=60))
        return
    found = providers(opened, catalogue, language)
    headers = ["id", "provider", "designations", "main establishment"]
    rows = [
        [p.id, p.label, str(p.designations), p.main_establishment.code if p.main_establishment else ""] for p in found
    ]
    if fmt is TableFmt.json:
        from pydantic import TypeAdapter

        from ..models import ProviderSummary

        _emit(TypeAdapter(list[ProviderSummary]).dump_json(found, indent=2).decode())
    elif fmt is TableFmt.csv:
        _emit(csv_text(headers, rows))
    else:
        _emit(table(headers, rows, max_width=60))


@app.command("provider-duties")
def provider_duties_command(
    provider_id: Annotated[str, typer.Argument(metavar="ID", help="a provider id, e.g. provider-tiktok")],
    jurisdiction: Annotated[str, typer.Option("--jurisdiction", "-j", help="ISO 3166 code: FR, IE, GB...")],
    date: Annotated[str | None, typer.Option(help="ISO date; default today")] = None,
    service: Annotated[
        str | None, typer.Option(help="only this designated service of the provider, e.g. YouTube")
    ] = None,
    include_pending: Annotated[
        bool, typer.Option("--include-pending", help="also upcoming, pending and not-in-force duties")
    ] = False,
    fmt: Annotated[TableFmt, typer.Option("--format")] = TableFmt.table,
    store: StoreOpt = None,
    lang: LangOpt = "en",
) -> None:
    """Duties that apply to a provider in a jurisdiction on a date, and the designation each depends on."""
    from ..providers import provider_duties
    from ..render import csv_text, json_text, table

    language = _lang(lang)
    opened, catalogue = _context(store)
    result = provider_duties(opened, catalogue, provider_id, jurisdiction, date, language, service, include_pending)
    through = {
        d.duty.iri: ", ".join(
            [x.label for x in d.designations] + [f"exemption lifted by {x.label}" for x in d.exemption_lifted_by]
        )
        for d in result.depends_on
    }
    headers = ["duty", "verdict", "citation", "through designation"]
    rows = [
        [d.id, d.applicability or "", d.citation or "", through.get(d.iri, "")]
        for d in [*result.lookup.duties, *result.lookup.exempt]
    ]
    if fmt is TableFmt.json:
        _emit(json_text(result))
    elif fmt is TableFmt.csv:
        _emit(csv_text(headers, rows))
        return
    else:
        held = [f"  {d.label}: {d.status}" for d in result.designations]
        notes = [f"  {r.label}: " + (" ".join(r.notes)) for r in result.registers if not r.published]
        head = f"{result.provider.label} in {result.jurisdiction.label} ({result.jurisdiction.code}) on {result.date}"
        parts = [head, "Designations:", *(held or ["  none recorded"])]
        if notes:
            parts += ["Registers not published:", *notes]
        _emit("\n".join(parts) + "\n" + table(headers, rows, max_width=60))
