"""Plain-text tables and CSV for the command line; JSON comes straight from the models."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from pydantic import BaseModel

from .models import DutyAnswer


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


DUTY_HEADERS = ["duty", "instrument", "provision", "status", "from", "via", "why"]


def duty_rows(duties: Sequence[DutyAnswer]) -> list[list[object]]:
    return [
        [
            d.id,
            d.instrument_short_title or d.instrument.label,
            d.citation or ", ".join(p.citation or p.id for p in d.provisions),
            d.applicability,
            d.effective_from or d.planned_from or "",
            d.why.jurisdiction.code,
            d.why.text,
        ]
        for d in duties
    ]


def _cell(value: object, max_width: int) -> str:
    text = "" if value is None else str(value).replace("\n", " ")
    return text if len(text) <= max_width else text[: max_width - 1] + "…"
