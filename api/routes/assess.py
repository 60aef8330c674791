"""Service assessment: a profile in, the duties in each country it is offered in, with the reasoning out."""

from __future__ import annotations

import datetime as dt

from dutygraph.graph.assess import ServiceProfile, assess
from dutygraph.graph.models import Assessment
from dutygraph.graph.register import assessment_entries
from fastapi import APIRouter, Depends, Request, Response

from ..answers import respond
from ..deps import CatalogueDep, LangDep, StateDep, StoreDep, known_parameters_only
from ..exports import JSON, REGISTER_RESPONSES, register, wanted
from ..problems import problem_responses

router = APIRouter(tags=["assessment"], dependencies=[Depends(known_parameters_only)], responses=problem_responses(400))


@router.post("/assess", response_model=Assessment, summary="Assess a service", responses=REGISTER_RESPONSES)
def assess_service(
    request: Request,
    response: Response,
    profile: ServiceProfile,
    state: StateDep,
    store: StoreDep,
    catalogue: CatalogueDep,
    lang: LangDep,
) -> Response:
    """Every applicable duty in every country the service is offered in; size thresholds (VLOP, OSA
    Category 1) are tested against the user counts given, met or not, with the figures. `Accept: text/csv`
    or the XLSX media type gives the answer as an obligations register."""
    offer = wanted(request)
    if offer is not JSON:
        answer = assess(store, catalogue, profile, lang)
        question = f"assessment of {profile.name} in {', '.join(profile.countries)}"
        name = f"assessment-{profile.name}-{answer.date}"
        return register(offer, assessment_entries(answer), name, question, answer.date, str(request.url), lang)
    key = ("assess", dt.date.today(), profile.model_dump_json(), lang)  # the profile's date defaults to today
    return respond(request, state.answers.get(key, lambda: assess(store, catalogue, profile, lang)), response)
