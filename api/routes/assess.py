"""Service assessment: a profile in, the duties in each country it is offered in, with the reasoning out."""

from __future__ import annotations

from dutygraph.graph.assess import ServiceProfile, assess
from dutygraph.graph.models import Assessment
from dutygraph.graph.register import assessment_entries
from fastapi import APIRouter, Depends, Request, Response

from ..deps import CatalogueDep, LangDep, StoreDep, known_parameters_only
from ..exports import JSON, REGISTER_RESPONSES, register, wanted
from ..problems import problem_responses

router = APIRouter(tags=["assessment"], dependencies=[Depends(known_parameters_only)], responses=problem_responses(400))


@router.post("/assess", response_model=Assessment, summary="Assess a service", responses=REGISTER_RESPONSES)
def assess_service(
    request: Request, profile: ServiceProfile, store: StoreDep, catalogue: CatalogueDep, lang: LangDep
) -> Assessment | Response:
    """Every applicable duty in every country the service is offered in; size thresholds (VLOP, OSA
    Category 1) are tested against the user counts given, met or not, with the figures. `Accept: text/csv`
    or the XLSX media type gives the answer as an obligations register."""
    offer = wanted(request)
    answer = assess(store, catalogue, profile, lang)
    if offer is JSON:
        return answer
    question = f"assessment of {profile.name} in {', '.join(profile.countries)}"
    return register(
        offer,
        assessment_entries(answer),
        f"assessment-{profile.name}-{answer.date}",
        question,
        answer.date,
        str(request.url),
        lang,
    )
