"""The HTML report: one self-contained page (CSS and JavaScript inline, no remote loads, a
Content-Security-Policy that allows nothing else), built with lxml's element builder, never by
joining strings, so every value from the data is escaped."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import re
from typing import Any

from lxml import etree
from lxml import html as lh
from lxml.html import builder as E

from ..wording import count

__all__ = ["render"]

STATUS_TEXT = {"supported": "supported by its source", "partly supported": "partly supported",
               "contradicted": "contradicted by its source", "not found in source": "not found in its source",
               "unverifiable": "unverifiable (no snapshot of the source)", "problem": "has a problem",
               "uncited": "no citation"}
STATUS_CLASS = {"supported": "supported", "partly supported": "partly", "contradicted": "contradicted",
                "not found in source": "notfound", "unverifiable": "unverifiable", "problem": "problem"}

CSS = """
:root { --ok:#1b7f3b; --weak:#b7791f; --bad:#c53030; --unc:#6b46c1; --ink:#1a202c; --muted:#5a6472; }
* { box-sizing: border-box; }
body { font: 16px/1.55 system-ui, sans-serif; color: var(--ink); margin: 0; }
header, main, footer, nav.styles { max-width: 72rem; margin: 0 auto; padding: 0 1rem; }
body { overflow-wrap: anywhere; }
h1 { font-size: 1.5rem; margin: 1rem 0 .25rem; }
nav.styles { position: sticky; top: 0; background: #fff; padding: .5rem 0; border-bottom: 1px solid #ddd; z-index: 2; }
nav.styles button { margin: 0 .25rem .25rem 0; padding: .3rem .7rem; border: 1px solid #888; background: #f7f7f7; border-radius: 4px; cursor: pointer; }
nav.styles button[aria-pressed="true"] { background: var(--ink); color: #fff; }
.layout { display: grid; grid-template-columns: minmax(0, 2fr) minmax(0, 1fr); gap: 1.5rem; }
@media (max-width: 800px) { .layout { grid-template-columns: 1fr; } }
.claim { border-bottom: 3px solid; cursor: pointer; }
.claim:focus { outline: 3px solid #3182ce; }
.claim.supported { border-color: var(--ok); } .claim.partly { border-color: var(--weak); }
.claim.notfound { border-color: var(--weak); border-bottom-style: dashed; }
.claim.contradicted { border-color: var(--bad); } .claim.unverifiable { border-color: #a0aec0; border-bottom-style: dotted; }
.claim.problem { border-color: var(--bad); background: #fff5f5; }
blockquote.passage { margin: .4rem 0; padding: .3rem .6rem; border-left: 3px solid #a0aec0; background: #f7fafc; }
mark.hit { background: #c6f6d5; } mark.conflict { background: #fed7d7; }
.uncited { background: #f3efff; border-bottom: 3px dotted var(--unc); }
.cite { color: var(--muted); }
[data-style-item] { display: none; }
aside#panel { position: sticky; top: 3.5rem; align-self: start; border: 1px solid #ddd; border-radius: 6px; padding: .75rem; min-height: 6rem;
  max-height: calc(100vh - 4rem); overflow-y: auto; background: #fff; }
#panel-close { float: right; font-size: 1.4rem; line-height: 1; padding: .1rem .55rem; border: 1px solid #aaa; border-radius: 4px; background: #f7f7f7; cursor: pointer; }
aside#panel:not(.open) #panel-close { display: none; }
.claim { scroll-margin-top: 4.5rem; }
/* a phone: the styles in one scrolling row, the details in a sheet over the lower part of the screen,
   where the reader's thumb is, never a panel far below the text */
@media (max-width: 800px) {
  nav.styles { display: flex; overflow-x: auto; white-space: nowrap; padding: .4rem 1rem; }
  nav.styles button { flex: none; }
  aside#panel { position: fixed; left: 0; right: 0; bottom: 0; top: auto; z-index: 3; max-height: 55vh; min-height: 0;
    border-radius: 12px 12px 0 0; box-shadow: 0 -4px 16px rgba(0,0,0,.25); padding: .75rem 1rem 1rem; }
  aside#panel:not(.open) { display: none; }
  body.sheet-open { padding-bottom: 56vh; }
}
.legend span { margin-right: .8rem; white-space: nowrap; } .legend span.keys { white-space: normal; }
@media (hover: none) { .legend span.keys { display: none; } }
div.timeline { overflow-x: auto; } div.timeline > svg { min-width: 640px; }
ul.timeline-legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .3rem 1.2rem; font-size: .9rem; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { border-bottom: 1px solid #e2e8f0; text-align: left; padding: .3rem; vertical-align: top; }
.sev-error { color: var(--bad); font-weight: 600; } .sev-warning { color: var(--weak); } .sev-info { color: var(--muted); }
td.sev-error, td.sev-warning, td.sev-info { white-space: nowrap; } /* "warning" is one word, never "warni/ng" */
.csl-entry.labelled { display: grid; grid-template-columns: 3.2em 1fr; }
.source { margin-bottom: 1rem; } .provenance { color: var(--muted); font-size: .9rem; }
.printed { font-size: .9rem; } .printed.differs { color: #a40000; }
svg text { font-size: 11px; fill: var(--ink); }
@media print { nav.styles, aside#panel, .filters { display: none; } .layout { display: block; }
  [data-style-item] { display: none !important; } }
"""

SCRIPT = """
(function () {
  'use strict';
  var body = document.body;
  function setStyle(name) {
    body.setAttribute('data-style', name);
    document.querySelectorAll('nav.styles button').forEach(function (b) {
      b.setAttribute('aria-pressed', b.getAttribute('data-style') === name ? 'true' : 'false');
    });
  }
  document.querySelectorAll('nav.styles button').forEach(function (b) {
    b.addEventListener('click', function () { setStyle(b.getAttribute('data-style')); });
  });
  var panel = document.getElementById('panel');
  var hint = panel.querySelector('.hint');
  var close = document.getElementById('panel-close');
  var narrow = window.matchMedia('(max-width: 800px)');
  var current = null;
  function show(el) {
    var details = document.getElementById('details-' + el.getAttribute('data-claim'));
    var copy = details.cloneNode(true);
    copy.removeAttribute('hidden');
    copy.removeAttribute('id');
    panel.replaceChildren(close, copy);
    panel.classList.add('open');
    panel.scrollTop = 0;
    document.querySelectorAll('.claim[aria-expanded="true"]').forEach(function (c) { c.setAttribute('aria-expanded', 'false'); });
    el.setAttribute('aria-expanded', 'true');
    current = el;
    if (!narrow.matches) {
      // beside the text the panel is sticky, but at the end of a short text it would stand above
      // the window: bring it into view
      var at = panel.getBoundingClientRect();
      if (at.top < 0 || at.bottom > window.innerHeight) { panel.scrollIntoView({block: 'nearest'}); }
    } else {
      body.classList.add('sheet-open');
      // the claim stays in sight above the sheet
      var box = el.getBoundingClientRect();
      var nav = document.querySelector('nav.styles').getBoundingClientRect().bottom;
      if (box.top < nav || box.top > panel.getBoundingClientRect().top - 24) { el.scrollIntoView({block: 'start'}); }
    }
  }
  function hide() {
    panel.replaceChildren(close, hint);
    panel.classList.remove('open');
    body.classList.remove('sheet-open');
    if (current) { current.setAttribute('aria-expanded', 'false'); current.focus(); current = null; }
  }
  close.addEventListener('click', hide);
  document.addEventListener('keydown', function (ev) { if (ev.key === 'Escape' && current) { hide(); } });
  var claims = Array.prototype.slice.call(document.querySelectorAll('.claim'));
  claims.forEach(function (el, i) {
    el.addEventListener('click', function () { show(el); });
    el.addEventListener('keydown', function (ev) {
      if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); show(el); }
      if (ev.key === 'j' && claims[i + 1]) { claims[i + 1].focus(); }
      if (ev.key === 'k' && claims[i - 1]) { claims[i - 1].focus(); }
    });
  });
  var sev = document.getElementById('filter-severity');
  var code = document.getElementById('filter-code');
  function filter() {
    document.querySelectorAll('#findings tbody tr').forEach(function (row) {
      var ok = (!sev.value || row.getAttribute('data-severity') === sev.value) &&
               (!code.value || row.getAttribute('data-code') === code.value);
      row.hidden = !ok;
    });
  }
  if (sev && code) { sev.addEventListener('change', filter); code.addEventListener('change', filter); }
  setStyle(body.getAttribute('data-style'));
})();
"""


def _slug(style: str) -> str:
    return re.sub(r"[^a-z0-9-]", "-", style.lower())


def _fragment(markup: str) -> list[Any]:
    """Already-escaped HTML made by refs' own writers -> elements (never raw data)."""
    if "<" not in markup:
        return [markup]
    holder = lh.fragment_fromstring(markup, create_parent="span")
    return [holder]


def _styled(styled: dict[str, dict[str, str]], field: str = "html") -> list[Any]:
    out = []
    for style, rendered in styled.items():
        out.append(E.SPAN(*_fragment(rendered[field]), **{"data-style-item": _slug(style)}))
    return out


def _day(iso: str | None, end: bool = False) -> dt.date | None:
    if not iso:
        return None
    m = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", iso)
    if not m:
        return None
    y = int(m.group(1))
    mo = int(m.group(2) or (12 if end else 1))
    d = int(m.group(3) or (28 if end else 1))
    try:
        return dt.date(y, mo, d)
    except ValueError:  # year 0000, month 13: no day on the time line
        return None


TIMELINE = {"ok": "#1b7f3b", "early": "#c53030", "alone": "#718096"}


def _timeline(data: dict[str, Any]) -> Any:
    """Claims' event dates (circles) against their sources' publication dates (squares)."""
    svg_ns = "http://www.w3.org/2000/svg"
    rows = []
    sources = {s["key"]: s for s in data["sources"]}
    for claim in data["claims"]:
        event = _day((claim.get("date") or {}).get("start"))
        for src in claim["sources"]:
            pub = _day(sources.get(src["key"], {}).get("issued"), end=True) if src["key"] else None
            rows.append((claim["number"], event, pub, src["number"], bool((claim.get("date") or {}).get("inferred"))))
    days = [d for _, e, p, _, _ in rows for d in (e, p) if d]
    width, row_h, left = 760, 18, 70
    height = row_h * (len(rows) + 2)
    svg = etree.Element(f"{{{svg_ns}}}svg", nsmap={None: svg_ns}, width="100%", viewBox=f"0 0 {width} {height}",
                        role="img")
    title = etree.SubElement(svg, f"{{{svg_ns}}}title")
    title.text = "Timeline: each claim's event date (circle) and its source's publication date (square)"
    if not days:
        return svg

    def add(parent: Any, tag: str, text: str | None = None, **attrs: str) -> Any:
        el = etree.SubElement(parent, f"{{{svg_ns}}}{tag}", **attrs)
        if text is not None:
            el.text = text
        return el

    # the axis runs over whole years, so that every year with a date has its tick and its label
    lo, hi = dt.date(min(days).year, 1, 1), dt.date(max(days).year + 1, 1, 1)
    span = (hi - lo).days
    years = list(range(lo.year, hi.year))
    step = max(1, -(-len(years) * 34 // (width - left - 20)))  # a label needs about 34 px

    def x(d: dt.date) -> float:
        return left + (width - left - 20) * (d - lo).days / span

    for year in range(lo.year, hi.year + 1):
        d = dt.date(year, 1, 1)
        add(svg, "line", x1=f"{x(d):.1f}", x2=f"{x(d):.1f}", y1="4", y2=str(height - 16), stroke="#cbd5e0")
        if year < hi.year and (year - lo.year) % step == 0:
            middle = x(dt.date(year, 7, 2)) if step == 1 else x(d) + 2
            add(svg, "text", str(year), x=f"{middle:.1f}", y=str(height - 4),
                **({"text-anchor": "middle"} if step == 1 else {}))
    for i, (number, event, pub, src_no, inferred) in enumerate(rows):
        y = row_h * (i + 1)
        add(svg, "text", f"claim {number} [{src_no}]", x="2", y=str(y + 4))
        early = bool(event and pub and pub < event)
        colour = TIMELINE["early" if early else "ok" if event else "alone"]
        if event and pub:
            add(svg, "line", x1=f"{x(event):.1f}", x2=f"{x(pub):.1f}", y1=str(y), y2=str(y), stroke=colour,
                **{"stroke-width": "2"})
        if event:
            c = add(svg, "circle", cx=f"{x(event):.1f}", cy=str(y), r="5", fill="#fff" if inferred else "#2b6cb0",
                    stroke="#2b6cb0")
            add(c, "title", f"claim {number}: event {event.isoformat()}" + (" (inferred)" if inferred else ""))
        if pub:
            r = add(svg, "rect", x=f"{x(pub) - 4:.1f}", y=str(y - 4), width="8", height="8", fill=colour,
                    **{"class": "early" if early else "ok" if event else "alone"})
            add(r, "title", f"[{src_no}] published {pub.isoformat()}" + (", before the event" if early else ""))
    return svg


def _timeline_legend() -> Any:
    """What the time line's marks mean, as a list that wraps on a narrow screen."""
    svg_ns = "http://www.w3.org/2000/svg"
    items = []
    for shape, text in (("event", "a claim's event date"), ("inferred", "event date inferred from the text before"),
                        ("ok", "source published on or after the event"), ("early", "published before the event"),
                        ("alone", "published; the claim has no date")):
        mark = etree.Element(f"{{{svg_ns}}}svg", nsmap={None: svg_ns}, width="12", height="12",
                             viewBox="0 0 12 12", **{"aria-hidden": "true"})
        if shape in ("event", "inferred"):
            etree.SubElement(mark, f"{{{svg_ns}}}circle", cx="6", cy="6", r="5", stroke="#2b6cb0",
                             fill="#fff" if shape == "inferred" else "#2b6cb0")
        else:
            etree.SubElement(mark, f"{{{svg_ns}}}rect", x="2", y="2", width="8", height="8", fill=TIMELINE[shape])
        items.append(E.LI(mark, " ", text))
    return E.UL(*items, **{"class": "timeline-legend"})


def _finding_row(f: dict[str, Any]) -> Any:
    where = f"{f.get('file') or ''}:{f.get('line') or ''}".strip(":")
    return E.TR(
        E.TD(f["severity"] + (" (ignored)" if f.get("ignored") else ""), **{"class": f"sev-{f['severity']}"}),
        E.TD(f["code"]), E.TD(where), E.TD(f["message"]),
        **{"data-severity": f["severity"], "data-code": f["code"]},
    )


def _marked(text: str, hits: list[str], conflicts: list[str]) -> list[Any]:
    """The passage with what matched the claim (and what contradicts it) marked."""
    import re

    words = sorted({w for w in hits + conflicts if w and len(w) >= 2}, key=len, reverse=True)
    if not words:
        return [text]
    pattern = re.compile("|".join(re.escape(w) for w in words), re.I)
    out: list[Any] = []
    last = 0
    for m in pattern.finditer(text):
        out.append(text[last:m.start()])
        out.append(E.MARK(m.group(0), **{"class": "conflict" if m.group(0) in conflicts else "hit"}))
        last = m.end()
    out.append(text[last:])
    return out


def _evidence(support: dict[str, Any]) -> list[Any]:
    """The verdict, and the passage of the source it rests on beside the claim."""
    parts: list[Any] = [E.P(E.STRONG(support["verdict"]), f" ({int(support['score'] * 100)} %): {support['reason']}.")]
    passage = support.get("passage")
    if passage:
        found = passage.get("found_in_source") or []
        conflicts = [c["source"] for c in passage.get("conflicts", [])]
        where = "from the snapshot" if passage["from"] == "snapshot" else "from its title and abstract"
        parts.append(E.BLOCKQUOTE(*_marked(passage["text"], found, conflicts), **{"class": "passage",
                                                                                   "title": where}))
        parts.append(E.P("Matched: ", ", ".join(passage["matched"]) or "nothing",
                         "; not in the passage: ", ", ".join(passage["missing"]) or "nothing", ".",
                         **{"class": "provenance"}))
    return parts


def _details(claim: dict[str, Any], sources: dict[str, Any]) -> Any:
    parts: list[Any] = [E.H3(f"Claim {claim['number']}"),
                        E.P(f"Lines {claim['lines'][0]}–{claim['lines'][1]}"
                            + (f", {claim['date']['start']}" if claim.get("date") else "")
                            + (" (date inferred)" if claim.get("date") and claim["date"]["inferred"] else ""),
                            " — ", STATUS_TEXT[claim["status"]])]
    for src in claim["sources"]:
        info = sources.get(src["key"]) if src["key"] else None
        if info is None:
            parts.append(E.P(f"[{src['number']}] has no entry in the bibliography.", **{"class": "sev-error"}))
            continue
        refs_html = [E.DIV(*_fragment(r["html"]), **{"data-style-item": _slug(style), "class": "csl-entry"})
                     for style, r in info["references"].items()]
        evidence = _evidence(src["support"]) if src["support"] else []
        findings = [E.LI(f"{f['severity']}[{f['code']}]: {f['message']}") for f in src["findings"]]
        parts.append(E.DIV(E.H4(f"[{src['number']}] {src['key']}"), *refs_html, *evidence,
                           *([E.UL(*findings)] if findings else []), **{"class": "source"}))
    return E.DIV(*parts, id=f"details-{claim['number']}", hidden="hidden", **{"class": "claim-details"})


def render(data: dict[str, Any], title: str = "refs report", lang: str = "az") -> str:
    """The report page for ``data`` (a claim report as the JSON report holds it)."""
    styles = data.get("styles") or []
    first = _slug(styles[0]) if styles else ""
    doc = E.HTML(
        _head(title, styles),
        E.BODY(
            _header(title, data),
            E.NAV(*[E.BUTTON(s, type="button", **{"data-style": _slug(s), "aria-pressed": "false"}) for s in styles],
                  **{"class": "styles", "aria-label": "Citation style"}),
            _main(data),
            E.FOOTER(E.P(f"Written by refs {data.get('refs', '')}.")),
            E.SCRIPT(SCRIPT),
            **{"data-style": first},
        ),
        lang=lang,
    )
    return lh.tostring(doc, doctype="<!DOCTYPE html>", encoding="unicode", method="html") + "\n"


def _head(title: str, styles: list[str]) -> Any:
    """The page's head: the Content-Security-Policy, the title, and the CSS (with a rule per
    citation style that shows that style's items when it is chosen)."""
    style_css = "".join(f'body[data-style="{_slug(s)}"] [data-style-item="{_slug(s)}"] {{ display: inline; }}\n'
                        f'body[data-style="{_slug(s)}"] div[data-style-item="{_slug(s)}"] {{ display: block; }}\n'
                        for s in styles)
    script_hash = base64.b64encode(hashlib.sha256(SCRIPT.encode("utf-8")).digest()).decode("ascii")
    csp = ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
           f"script-src 'sha256-{script_hash}'; base-uri 'none'; form-action 'none'")
    return E.HEAD(
        E.META(charset="utf-8"),
        E.META(**{"http-equiv": "Content-Security-Policy", "content": csp}),
        E.META(name="viewport", content="width=device-width, initial-scale=1"),
        E.TITLE(title),
        E.STYLE(CSS + style_css),
    )


def _header(title: str, data: dict[str, Any]) -> Any:
    """The title, what the report counts (and why claims are unverifiable), and the legend."""
    counts = {k: sum(1 for c in data["claims"] if c["status"] == k) for k in STATUS_CLASS}
    said = ", ".join(f"{n} {k}" for k, n in counts.items() if n) or "none judged"
    unverifiable = counts.get("unverifiable", 0)
    why = (f" {unverifiable} claims are unverifiable: their sources have no snapshot (run `refs fetch`, then "
           "give the folder with --sources or `sources` in refs.toml) and their titles alone do not settle them."
           if unverifiable else "")
    manuscript = data["manuscript"]
    return E.HEADER(
        E.H1(title),
        E.P(f"{manuscript['path']}: {count(len(data['claims']), 'claim')} ({said}), "
            f"{count(len(data['uncited']), 'uncited passage')}, {count(len(data['sources']), 'reference')}, "
            f"{count(len(data['findings']), 'finding')}.{why}"),
        E.P(E.SPAN("▁ supported", style="color:var(--ok)"), E.SPAN("▁ partly", style="color:var(--weak)"),
            E.SPAN("╌ not found", style="color:var(--weak)"), E.SPAN("▁ contradicted", style="color:var(--bad)"),
            E.SPAN("┈ unverifiable", style="color:#a0aec0"), E.SPAN("▁ problem", style="color:var(--bad)"),
            E.SPAN("┈ uncited", style="color:var(--unc)"),
            E.SPAN("Keys: Tab to move, Enter to open, j/k next/previous claim, Esc to close.", **{"class": "keys"}),
            **{"class": "legend"}),
    )


def _main(data: dict[str, Any]) -> Any:
    """The manuscript beside the panel for a claim's details, then the timeline, the
    bibliography and the findings."""
    article = _article(data)
    sources = {s["key"]: s for s in data["sources"]}
    details = [_details(c, sources) for c in data["claims"]]
    bibliography = [_bibliography_entry(s) for s in data["sources"]]
    return E.MAIN(
        E.DIV(E.ARTICLE(*article, id="manuscript"),
              E.ASIDE(E.BUTTON("×", type="button", id="panel-close", title="Close (Esc)",
                               **{"aria-label": "Close the claim's details"}),
                      E.P("Choose a claim to see its sources, the evidence and the findings.",
                          **{"class": "hint"}),
                      id="panel", **{"aria-live": "polite", "aria-label": "The chosen claim"}),
              **{"class": "layout"}),
        E.DIV(*details, hidden="hidden"),
        E.H2("Timeline"),
        _timeline_legend(),
        E.DIV(_timeline(data), **{"class": "timeline"}),
        E.H2("Bibliography"),
        E.DIV(*bibliography, id="bibliography"),
        E.H2("Findings"),
        *_findings(data["findings"]),
    )


def _article(data: dict[str, Any]) -> list[Any]:
    """The body: paragraphs of claims and uncited passages, in order, under their sections."""
    items = [("claim", c) for c in data["claims"]] + [("uncited", u) for u in data["uncited"]]
    items.sort(key=lambda it: (it[1].get("paragraph", 0), it[1]["lines"][0]))
    article: list[Any] = []
    section = None
    paragraph: list[Any] = []
    current = None
    for kind, item in items:
        if item.get("paragraph") != current and paragraph:
            article.append(E.P(*paragraph))
            paragraph = []
        current = item.get("paragraph")
        if item.get("section") != section:
            if paragraph:
                article.append(E.P(*paragraph))
                paragraph = []
            section = item.get("section")
            if section:
                article.append(E.H2(section))
        paragraph.append(_claim_span(item) if kind == "claim" else _uncited_span(item))
    if paragraph:
        article.append(E.P(*paragraph))
    return article


def _claim_span(claim: dict[str, Any]) -> Any:
    """A claim in the text: marked by its status, its citation after it, opening its details."""
    status = claim["status"]
    return E.SPAN(
        claim["text"], " ", E.SPAN(*_styled(claim["styled"]), **{"class": "cite"}), ". ",
        **{"class": f"claim {STATUS_CLASS.get(status, 'problem')}", "tabindex": "0", "role": "button", "aria-expanded": "false",
           "data-claim": str(claim["number"]), "title": f"claim {claim['number']}: {STATUS_TEXT[status]}"})


def _uncited_span(uncited: dict[str, Any]) -> Any:
    """A passage no citation supports, marked with its kind."""
    return E.SPAN(uncited["text"] + " ", **{"class": "uncited", "data-kind": uncited["kind"],
                                            "title": f"{uncited['kind']} text with no citation"})


def _bibliography_entry(s: dict[str, Any]) -> Any:
    """A source in each style, as the manuscript printed it, and the claims that cite it."""
    refs_html = [E.DIV(*_fragment(r["html"]), **{"data-style-item": _slug(st), "class": "csl-entry"})
                 for st, r in s["references"].items()]
    cited_by = ", ".join(f"claim {n}" for n in s["claims"]) or "no claim"
    printed = s.get("printed")
    printed_html = []
    if printed and printed.get("text"):
        where = f" (line {printed['line']})" if printed.get("line") else ""
        verdict = "" if printed.get("same_work") else " — another work than this entry"
        printed_html = [E.P(f"Printed in the manuscript as [{printed['number']}]{where}{verdict}: ",
                            E.SPAN(printed["text"], **{"class": "printed-text"}),
                            **{"class": "printed" + ("" if printed.get("same_work") else " differs")})]
    return E.DIV(*refs_html, *printed_html, E.P(f"Cited by {cited_by}.", **{"class": "provenance"}),
                 *([E.P(s["provenance"], **{"class": "provenance"})] if s.get("provenance") else []),
                 id=f"source-{s['key']}", **{"class": "source"})


def _findings(findings: list[dict[str, Any]]) -> list[Any]:
    """The findings' filters (by severity, by code) and their table."""
    severities = sorted({f["severity"] for f in findings})
    codes = sorted({f["code"] for f in findings})
    filters = E.DIV(E.LABEL("Severity ", E.SELECT(E.OPTION("all", value=""),
                                                  *[E.OPTION(s, value=s) for s in severities], id="filter-severity")),
                    " ",
                    E.LABEL("Code ", E.SELECT(E.OPTION("all", value=""),
                                              *[E.OPTION(c, value=c) for c in codes], id="filter-code")),
                    **{"class": "filters"})
    table = E.TABLE(E.THEAD(E.TR(E.TH("severity"), E.TH("code"), E.TH("where"), E.TH("message"))),
                    E.TBODY(*[_finding_row(f) for f in findings]), id="findings")
    return [filters, table]
