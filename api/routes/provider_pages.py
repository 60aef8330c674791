"""The explorer's page for one provider's duties in a place on a date, with the designation each depends on."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dutygraph.graph.errors import DutygraphError
from dutygraph.graph.providers import provider_duties
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ..deps import StateDep
from .pages import page_lang, render

router = APIRouter(include_in_schema=False)


@router.get("/explore/provider-duties", response_class=HTMLResponse)
def provider_duties_page(request: Request, state: StateDep) -> HTMLResponse:
    """`?provider=provider-tiktok&jurisdiction=FR&date=2026-11-01[&service=TikTok]`, as GET /providers/{id}/duties."""
    q, lang = request.query_params, page_lang(request)
    form = {
        "provider": q.get("provider", "").strip(),
        "jurisdiction": q.get("jurisdiction", "").strip(),
        "date": q.get("date", "").strip() or dt.date.today().isoformat(),
        "service": q.get("service", "").strip(),
    }
    context: dict[str, Any] = {"form": form, "result": None, "through": {}, "lifted": {}}
    try:
        if form["provider"] and form["jurisdiction"]:
            result = provider_duties(
                state.store,
                state.catalogue,
                form["provider"],
                form["jurisdiction"],
                form["date"],
                lang,
                form["service"] or None,
            )
            context["result"] = result
            context["through"] = {d.duty.iri: d.designations for d in result.depends_on}
            context["lifted"] = {d.duty.iri: d.exemption_lifted_by for d in result.depends_on}
    except DutygraphError as exc:
        return render(request, state, "provider_duties.html", context, exc)
    return render(request, state, "provider_duties.html", context)
