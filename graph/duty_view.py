"""The one view of a duty in an answer: what it requires, where it comes from, the verdict and why, who enforces it.

Every route and command that shows a duty shows this model, built here from the
stored record and the one judgement (graph/judgement.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from .catalogue import DGID, Catalogue
from .competence import competent_authorities, rules_for
from .duty_records import DutyRecord, jurisdiction_ref, ref, refs
from .evidence import duty_evidence
from .judgement import Judgement, ServiceFacts, needs_designation
from .models import DutyAnswer, JurisdictionRef, MembershipStep, Ref, Why
from .reach import Scope
from .store import Store


def duty_answer(
    store: Store,
    catalogue: Catalogue,
    record: DutyRecord,
    judgement: Judgement,
    scope: Scope,
    facts: ServiceFacts,
    lang: str,
) -> DutyAnswer:
    """The duty as it stands for this question, with its evidence and its competent authority."""
    how = judgement.how
    why = Why.model_construct(
        route=how.route if how else "direct",
        jurisdiction=jurisdiction_ref(catalogue, record.applies_in, lang),
        within=[jurisdiction_ref(catalogue, w, lang) for w in how.within] if how else [],
        membership=_membership(catalogue, how.membership if how else None, lang),
        matched_categories=refs(catalogue, judgement.matched, lang),
        conditions_met=refs(catalogue, record.requires & facts.true, lang),
        conditions_unknown=refs(catalogue, judgement.unknown, lang),
        exemptions_unknown=refs(catalogue, judgement.exempt_unknown, lang),
        exemption_lifted_by=refs(catalogue, judgement.lifted if record.exempt_when else set(), lang),
        text="; ".join(r.text for r in judgement.reasons) + ".",
    )
    categories = _categories_for_competence(catalogue, record, facts)
    return DutyAnswer.model_construct(
        **_stored_part(catalogue, record, lang),
        applicability=judgement.verdict,
        why=why,
        reasons=judgement.reasons,
        competent_authorities=competent_authorities(
            catalogue, rules_for(store, catalogue, lang), record, categories, scope.place, facts.establishment, lang
        ),
        measures=record.measures,
    )


def _stored_part(catalogue: Catalogue, record: DutyRecord, lang: str) -> dict[str, object]:
    """The fields that depend only on the stored duty and the language, built once per record and
    language: a record is not changed once read, and the server judges the same records again and again."""
    part = record.views.get(lang)
    if part is None:
        part = record.views[lang] = dict(
            iri=record.iri,
            id=record.iri.removeprefix(DGID),
            label=record.label,
            summary=record.summary,
            instrument=Ref.model_construct(iri=record.law, id=record.law.removeprefix(DGID), label=record.law_label),
            instrument_short_title=record.law_short,
            provisions=record.provisions,
            citation=record.citation,
            official_text=record.official_text,
            legal_status=ref(catalogue, record.status, lang),
            effective_from=record.effective_from,
            effective_until=record.effective_until,
            planned_from=record.planned_from,
            applies_in=jurisdiction_ref(catalogue, record.applies_in, lang),
            bearers=refs(catalogue, record.bearers, lang),
            enforced_by=refs(catalogue, record.enforcers, lang),
            harms=refs(catalogue, record.harms, lang),
            themes=refs(catalogue, record.themes, lang),
            protects=refs(catalogue, record.protects, lang),
            requires_conditions=refs(catalogue, record.requires, lang),
            exempt_when=refs(catalogue, record.exempt_when, lang),
            verification=record.verification,
            evidence=duty_evidence(record, lang),
        )
    return part


def duty_fact(store: Store, catalogue: Catalogue, record: DutyRecord, lang: str) -> DutyAnswer:
    """The duty without a question (lists, its own page): no verdict; who enforces it against its own bearers."""
    answer = duty_answer(
        store,
        catalogue,
        record,
        Judgement("applies", [], None),
        Scope.of(catalogue, record.applies_in, record.effective_from or dt.date.min),
        ServiceFacts(),
        lang,
    )
    answer.applicability = None
    answer.why = None
    answer.reasons = []
    return answer


def _categories_for_competence(catalogue: Catalogue, record: DutyRecord, facts: ServiceFacts) -> set[str]:
    """The provider categories competence is judged on: the service's (designations only if held), or,
    when the question names none, the duty's own bearers (a VLOP duty is a VLOP's)."""
    if facts.category_closure is None:
        return catalogue.broader_closure(record.bearers)
    return {c for c in facts.category_closure if not needs_designation(catalogue, c) or c in facts.designated}


def _membership(catalogue: Catalogue, m, lang: str) -> MembershipStep | None:  # type: ignore[no-untyped-def]
    if m is None:
        return None
    return MembershipStep.model_construct(
        membership=m.iri,
        kind=m.kind,
        member=jurisdiction_ref(catalogue, m.member, lang),
        union=jurisdiction_ref(catalogue, m.union, lang),
        start=m.start,
        end=m.end,
    )


def names(items: Iterable[Ref | JurisdictionRef]) -> str:
    return ", ".join(i.label for i in items)
