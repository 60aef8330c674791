"""Plain-text tables and CSV for the command line; JSON comes straight from the models."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence

from pydantic import BaseModel

from .models import Assessment, DutyAnswer, DutyLookup, MeasureRef


def table(headers: Sequence[str], rows: Sequence[Sequence[object]], max_width: int = 60) -> str:
    """Columns aligned on the widest cell (cut at `max_width`), a rule under the header."""
    cells = [[_cell(v, max_width) for v in row] for row in rows]
    widths = [max([len(h), *(len(r[i]) for r in cells)]) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    return "\n".join(lines)


def csv_text(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(headers)
    writer.writerows([["" if v is None else str(v) for v in row] for row in rows])
    return out.getvalue()


def json_text(model: BaseModel) -> str:
    return model.model_dump_json(indent=2)


PINPOINT = re.compile(r"(Art|art|ss?|Sch|Part|para|reg|r|§|standard)\b")  # a citation that does not name its law
DUTY_HEADERS = ["duty", "citation", "enforcer", "from", "status", "via", "id"]


def citation(d: DutyAnswer) -> str:
    """The law's short title with the provision: "OSA s. 12(4)-(6)", "DSA Art. 28(1), (3)"."""
    own = d.citation or ", ".join(p.citation or p.label for p in d.provisions)
    short = d.instrument_short_title or d.instrument.label
    return f"{short} {own}" if PINPOINT.match(own) and short not in own else own


def enforcer(d: DutyAnswer) -> str:
    return "; ".join(c.authority.label if c.authority else c.text for c in d.competent_authorities)


def duty_rows(duties: Sequence[DutyAnswer]) -> list[list[object]]:
    """The table a reader scans: what, where in the law, who enforces it, from when, the verdict, through where."""
    return [
        [
            d.label,
            citation(d),
            enforcer(d),
            d.effective_from or d.planned_from or "",
            d.applicability,
            d.why.jurisdiction.code,
            d.id,
        ]
        for d in duties
    ]


def duty_blocks(duties: Sequence[DutyAnswer], lang: str = "en") -> str:
    """The verbose view: every duty with its reasoning, competent authority, evidence and notes."""
    fr = lang == "fr"
    words = {
        "why": "Pourquoi" if fr else "Why",
        "enforcer": "Autorité compétente" if fr else "Competent authority",
        "checked": "Vérification" if fr else "Checked",
        "sources": "Sources",
        "notes": "Notes",
        "text": "Texte officiel" if fr else "Official text",
        "measures": "Mesures recommandées par le régulateur" if fr else "Measures the regulator recommends",
    }
    out = []
    for d in duties:
        lines = [f"{d.label}  [{d.applicability}]", f"  {d.id} · {citation(d)}"]
        if d.official_text:
            lines.append(f"  {words['text']}: {d.official_text}")
        lines.append(f"  {words['why']}: {d.why.text}")
        lines += [f"  {words['enforcer']}: {c.text}" for c in d.competent_authorities]
        checked = d.evidence.verification or "?"
        if d.evidence.retrieved_on:
            checked += f" ({d.evidence.retrieved_on})"
        lines.append(f"  {words['checked']}: {checked}")
        lines += [f"  - {s.iri}{'' if s.official else ' (secondary)'}" for s in d.evidence.sources]
        lines += [f"  {words['notes']}: {n}" for n in d.evidence.notes]
        if d.measures:
            lines.append(f"  {words['measures']}:")
            lines += [f"  * {m.label} ({m.citation or m.id}) [{measure_state(m)}]" for m in d.measures]
        out.append("\n".join(lines))
    return "\n\n".join(out)


def measure_state(m: MeasureRef) -> str:
    """The measure's legal effect, then its status when it is not (or not yet) in force, or its start."""
    if m.legal_status is not None and m.legal_status.id != "status-in-force":
        return f"{m.legal_effect.label}; {m.legal_status.label}"
    return f"{m.legal_effect.label}; {m.effective_from}" if m.effective_from else m.legal_effect.label


def _cell(value: object, max_width: int) -> str:
    text = "" if value is None else str(value).replace("\n", " ")
    return text if len(text) <= max_width else text[: max_width - 1] + "…"


def lookup_text(result: DutyLookup, lang: str, verbose: bool = False) -> str:
    """The lookup as a person reads it: a headline in their language, the duties, then what else to know."""
    fr = lang == "fr"
    j = result.jurisdiction
    head = (
        f"{len(result.duties)} obligations en {j.label} ({j.code}) au {result.date}"
        if fr
        else f"{len(result.duties)} duties in {j.label} ({j.code}) on {result.date}"
    )
    parts = [head, *(f"! {gap}" for gap in result.coverage_gaps), ""]
    parts.append(duty_blocks(result.duties, lang) if verbose else table(_headers(lang), duty_rows(result.duties), 48))
    if result.exempt:
        parts.append(
            f"\n{len(result.exempt)} {'exemptées' if fr else 'exempt'}: " + ", ".join(d.id for d in result.exempt)
        )
    if result.set_aside:
        parts.append("\n" + ("Écartées, et pourquoi :" if fr else "Set aside, and why:"))
        parts += [f"  {d.id} [{d.applicability}]: {_against(d)}" for d in result.set_aside]
    if result.penalties:
        parts.append("\n" + ("Sanctions maximales :" if fr else "Maximum penalties:"))
        parts += [f"  {p.instrument.label}: {p.text}" for p in result.penalties]
    return "\n".join(parts)


def assessment_text(result: Assessment, lang: str, verbose: bool = False) -> str:
    fr = lang == "fr"
    parts = [f"{result.service} {'au' if fr else 'on'} {result.date}"] + [f"note: {n}" for n in result.notes]
    for j in result.jurisdictions:
        count = f"{len(j.duties)} {'obligations' if fr else 'duties'}"
        parts.append(f"\n== {j.jurisdiction.label} ({j.jurisdiction.code}): {count}")
        parts += [f"! {gap}" for gap in j.coverage_gaps]
        parts += [f"  {'catégorie' if fr else 'category'} {c.category.id}: {c.reason}" for c in j.categories]
        parts += [
            f"  {'seuil' if fr else 'threshold'} {'✓' if t.met else '✗'} {t.category.id}: {t.text}"
            for t in j.thresholds
        ]
        parts.append(duty_blocks(j.duties, lang) if verbose else table(_headers(lang), duty_rows(j.duties), 48))
    return "\n".join(parts)


def _headers(lang: str) -> list[str]:
    if lang == "fr":
        return ["obligation", "disposition", "autorité compétente", "à compter du", "statut", "via", "id"]
    return DUTY_HEADERS


def _against(d: DutyAnswer) -> str:
    """The reasons that keep a duty from binding, or its reasoning when none is against it."""
    against = [r.text for r in d.reasons if not r.holds]
    return "; ".join(against) or d.why.text
