"""The claim map as JSON (a published contract, see refs/schemas/claims.schema.json),
CSV (one row per claim and cited source) and a Markdown table for people."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

from .. import __version__
from ..model import ClaimMap, EventDate, Finding, Location
from ..wording import count

__all__ = ["to_json", "dump_json", "dump_csv", "dump_markdown", "SCHEMA_ID", "FORMATS"]

SCHEMA_ID = "refs-claims/1"
FORMATS = ("json", "csv", "markdown")


def _page(loc: Location) -> dict[str, int]:
    """Page and line on the page, for paged documents only (the keys are absent otherwise)."""
    return {"page": loc.page, "page_line": loc.page_line} if loc.page is not None and loc.page_line is not None else {}


def _date(d: EventDate | None) -> dict[str, Any] | None:
    return d.to_json() if d else None


def _finding(f: Finding, references: list[str] | None = None) -> dict[str, Any]:
    return {
        "code": f.code,
        "severity": f.severity.value,
        "message": f.message,
        "line": f.location.line if f.location else None,
        "column": f.location.col if f.location else None,
        "references": references or [],
    }


def to_json(cm: ClaimMap, entries: int | None = None) -> dict[str, Any]:
    return {
        "schema": SCHEMA_ID,
        "refs": __version__,
        "manuscript": {
            "path": cm.manuscript,
            "format": cm.format,
            "encoding": cm.encoding,
            "lines": cm.line_count,
            "sections": [{"title": t, "kind": k, "line": ln} for t, k, ln in cm.sections],
            "metadata": {lang: dict(v) for lang, v in cm.metadata.items()},
        },
        "bibliography": {"path": cm.bibliography, "entries": entries},
        "claims": [
            {
                "number": c.number,
                "text": c.text,
                "lines": [c.first_line, c.last_line],
                "section": c.section,
                "paragraph": c.paragraph,
                "context": c.context,
                "date": _date(c.date),
                "dates": [
                    {
                        "text": m.text,
                        "kind": m.kind,
                        "line": m.location.line,
                        "column": m.location.col,
                        "start": m.date.start if m.date else None,
                        "end": m.date.end if m.date else None,
                    }
                    for m in c.dates
                ],
                "citations": [{"number": x.number, "key": x.key, "locator": x.locator} for x in c.citations],
                "marker": {"text": c.marker.text, "line": c.marker.location.line, "column": c.marker.location.col,
                           **_page(c.marker.location)},
            }
            for c in cm.claims
        ],
        "markers": [
            {
                "numbers": list(m.numbers),
                "line": m.location.line,
                "column": m.location.col,
                "text": m.text,
                "locator": m.locator,
                **_page(m.location),
            }
            for m in cm.markers
        ],
        "uncited": [
            {"lines": [u.first_line, u.last_line], "text": u.text, "kind": u.kind, "section": u.section,
             "date": _date(u.date), "paragraph": u.paragraph}
            for u in cm.uncited
        ],
        "findings": [_finding(f) for f in cm.findings],
    }


def dump_json(cm: ClaimMap, entries: int | None = None) -> str:
    """Indented at the top, one array item per line below: readable, diffable, and written
    by the C encoder (``indent`` would make Python's json fall back to its slow encoder)."""
    data = to_json(cm, entries)
    parts = []
    for key, value in data.items():
        head = f"  {json.dumps(key)}: "
        if isinstance(value, list) and value:
            items = ",\n".join("    " + json.dumps(v, ensure_ascii=False) for v in value)
            parts.append(f"{head}[\n{items}\n  ]")
        else:
            parts.append(head + json.dumps(value, ensure_ascii=False))
    return "{\n" + ",\n".join(parts) + "\n}\n"


_COLUMNS = ["claim", "lines", "date", "date_inferred", "section", "marker", "number", "key", "locator", "text"]


def _rows(cm: ClaimMap):
    for c in cm.claims:
        for x in c.citations:
            yield {
                "claim": c.number,
                "lines": f"{c.first_line}-{c.last_line}",
                "date": "" if not c.date else c.date.start if c.date.start == c.date.end
                else f"{c.date.start}/{c.date.end}",
                "date_inferred": "" if not c.date else "yes" if c.date.inferred else "no",
                "section": c.section or "",
                "marker": c.marker.text,
                "number": x.number,
                "key": x.key or "",
                "locator": x.locator or "",
                "text": c.text,
            }


# A cell a spreadsheet would take for a formula starts with one of these (OWASP, "CSV
# injection"; the full-width forms too, which some spreadsheets fold into them)
_FORMULA_START = tuple("=+-@\t\r\uff1d\uff0b\uff0d\uff20")


def _cell(value: Any) -> Any:
    """A CSV cell no spreadsheet runs: text that would start a formula gets a leading apostrophe
    (shown by spreadsheets as text, the apostrophe itself hidden); numbers stay numbers."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _csv(columns: list[str], rows) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: _cell(v) for k, v in row.items()} for row in rows)
    return out.getvalue()


def dump_csv(cm: ClaimMap) -> str:
    return _csv(_COLUMNS, _rows(cm))


_MD_SPECIAL = re.compile(r"([\\`*_\[\]|])")


def _md(text: str) -> str:
    """Text in a Markdown table cell, as text: no link, image, emphasis, code or HTML can form."""
    return _MD_SPECIAL.sub(r"\\\1", text).replace("\n", " ").replace("<", "&lt;")


def dump_markdown(cm: ClaimMap) -> str:
    lines = [f"# Claims in {_md(cm.manuscript)}", ""]
    lines.append(f"{count(len(cm.claims), 'claim')}, {count(len(cm.markers), 'citation marker')}, "
                 f"{count(len(cm.uncited), 'uncited passage')}, {count(len(cm.findings), 'finding')}.")
    lines += ["", "| # | Lines | Date | Cites | Key | Claim |", "|---|---|---|---|---|---|"]
    for r in _rows(cm):
        date = r["date"] + (" (inferred)" if r["date_inferred"] == "yes" else "")
        cite = f"[{r['number']}" + (f", {r['locator']}" if r["locator"] else "") + "]"
        lines.append(f"| {r['claim']} | {r['lines']} | {date} | {_md(cite)} | {_md(r['key'] or '—')} | {_md(r['text'])} |")
    if cm.uncited:
        lines += ["", "## Uncited", "", "| Lines | Kind | Text |", "|---|---|---|"]
        for u in cm.uncited:
            lines.append(f"| {u.first_line}-{u.last_line} | {u.kind} | {_md(u.text)} |")
    if cm.findings:
        lines += ["", "## Findings", ""]
        lines += [f"- `{_md(str(f.location))}` {f.severity.value}[{f.code}]: {_md(f.message)}" for f in cm.findings]
    return "\n".join(lines) + "\n"


def dump_styled(report: dict[str, Any], fmt: str) -> str:
    """One row per claim and cited source, with the citation and reference in every style."""
    styles = report.get("styles", [])
    sources = {s["key"]: s for s in report["sources"]}
    columns = ["claim", "lines", "date", "status", "number", "key", "support"]
    columns += [f"citation ({s})" for s in styles] + [f"reference ({s})" for s in styles] + ["text"]
    rows = []
    for c in report["claims"]:
        for src in c["sources"]:
            info = sources.get(src["key"] or "", {})
            date = c.get("date") or {}
            row = {
                "claim": c["number"], "lines": f"{c['lines'][0]}-{c['lines'][1]}",
                "date": date.get("start", "") + (" (inferred)" if date.get("inferred") else ""),
                "status": c["status"], "number": src["number"], "key": src["key"] or "",
                "support": "" if not src["support"] else f"{src['support']['score']:.2f}",
                "text": c["text"],
            }
            for s in styles:
                row[f"citation ({s})"] = c["styled"][s]["text"]
                row[f"reference ({s})"] = info.get("references", {}).get(s, {}).get("text", "")
            rows.append(row)
    if fmt == "csv":
        return _csv(columns, rows)
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(_md(str(r[k])) for k in columns) + " |" for r in rows]
    return "\n".join(lines) + "\n"
