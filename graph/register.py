"""An answer as an obligations register: one row per duty, shaped for a compliance team's spreadsheet.

Lookups, assessments and comparisons all export through here, as CSV or as an
XLSX workbook (the register, plus a sheet saying what was asked, on which date,
and where the answer came from), so every surface hands over the same columns.
The last three columns are left empty for the team: who owns the duty, the
evidence of compliance, and when it is next reviewed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence

from .models import Assessment, Comparison, DutyAnswer, DutyLookup, ThemeMatrix
from .render import citation, enforcer

COLUMNS = {
    "en": [
        "id",
        "jurisdiction",
        "duty",
        "requirement",
        "citation",
        "official text",
        "bearer",
        "competent authority",
        "applies from",
        "applies until",
        "status",
        "verification",
        "sources",
        "checked on",
        "owner",
        "evidence",
        "review date",
    ],
    "fr": [
        "id",
        "juridiction",
        "obligation",
        "exigence",
        "référence",
        "texte officiel",
        "à la charge de",
        "autorité compétente",
        "s’applique à partir du",
        "jusqu’au",
        "statut",
        "vérification",
        "sources",
        "vérifié le",
        "responsable",
        "preuves",
        "date de revue",
    ],
}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Entry = tuple[str, DutyAnswer]  # (the jurisdiction the row is about, the duty)


def lookup_entries(answer: DutyLookup) -> list[Entry]:
    return [(answer.jurisdiction.code, d) for d in [*answer.duties, *answer.exempt]]


def assessment_entries(answer: Assessment) -> list[Entry]:
    return [(j.jurisdiction.code, d) for j in answer.jurisdictions for d in [*j.duties, *j.exempt]]


def comparison_entries(answer: Comparison | ThemeMatrix) -> list[Entry]:
    cells = answer.cells if isinstance(answer, Comparison) else [c for row in answer.rows for c in row.cells]
    seen: set[tuple[str, str]] = set()
    found = []
    for cell in cells:
        for d in cell.duties:
            if (cell.jurisdiction.code, d.id) not in seen:
                seen.add((cell.jurisdiction.code, d.id))
                found.append((cell.jurisdiction.code, d))
    return found


def rows(entries: Iterable[Entry]) -> list[list[str]]:
    """The register's rows: what the duty requires, where in the law, who bears and enforces it, when, how checked."""
    out = []
    for code, d in entries:
        out.append(
            [
                d.id,
                code,
                d.label,
                d.summary or "",
                citation(d),
                d.official_text or "",
                ", ".join(b.label for b in d.bearers),
                enforcer(d),
                _day(d.effective_from or d.planned_from),
                _day(d.effective_until),
                d.applicability or "",
                d.evidence.verification or "",
                " ".join(s.iri for s in d.evidence.sources),
                _day(d.evidence.retrieved_on),
                "",
                "",
                "",
            ]
        )
    return out


def to_csv(entries: Iterable[Entry], lang: str = "en") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS.get(lang, COLUMNS["en"]))
    writer.writerows(rows(entries))
    return out.getvalue().encode("utf-8")


def to_xlsx(entries: Iterable[Entry], about: Sequence[tuple[str, str]], lang: str = "en") -> bytes:
    """A workbook: the register (header frozen, filters on, links live), and what was asked."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Registre" if lang == "fr" else "Register"
    header = COLUMNS.get(lang, COLUMNS["en"])
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows(entries):
        sheet.append(row)
        link = sheet.cell(row=sheet.max_row, column=6)
        if link.value:
            link.hyperlink = str(link.value)
    widths = {1: 28, 3: 48, 4: 60, 5: 30, 6: 36, 7: 28, 8: 40, 13: 40, 15: 18, 16: 24, 17: 14}
    for index, width in widths.items():
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    info = book.create_sheet("Question" if lang == "fr" else "About")
    for key, value in about:
        info.append([key, value])
    info.column_dimensions["A"].width = 22
    info.column_dimensions["B"].width = 100
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def about(question: str, day: dt.date, source: str, lang: str = "en") -> list[tuple[str, str]]:
    """What the workbook answers, as of when, and where it came from (the link gives the same answer again)."""
    fr = lang == "fr"
    return [
        ("Question", question),
        ("Date of the answer" if not fr else "Date de la réponse", day.isoformat()),
        ("Source", source),
        ("Exported on" if not fr else "Exporté le", dt.date.today().isoformat()),
        ("Data licence" if not fr else "Licence des données", "CC BY 4.0 — dutygraph"),
        (
            "Note",
            "Not legal advice: each duty cites its official text; check it before relying on the row."
            if not fr
            else "Ceci n’est pas un avis juridique : chaque obligation renvoie à son texte officiel, à vérifier.",
        ),
    ]


def _day(value: dt.date | None) -> str:
    return value.isoformat() if value else ""
