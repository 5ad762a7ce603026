"""The HTML report of a chat analysis: one self-contained page a person can open offline.

``render_html(summary)`` turns the summary dict that ``tone analyze`` computes into a page
with inline CSS and inline SVG charts. It loads nothing (no scripts, fonts, images or style
sheets) and carries a Content-Security-Policy that forbids loading anything should a
reference ever slip in.

Everything that comes from the export (sender names, message text, cue words, file names,
notes) is escaped where it is written, including inside SVG titles and attributes. The page
describes messages, never the people who sent them.

>>> page = render_html({"source": "chat <1>.txt", "senders": {}})
>>> page.startswith("<!DOCTYPE html>") and "chat &lt;1&gt;.txt" in page
True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from importlib.resources import files
from typing import Any

from tone.report_charts import cues_section, label_mix_section, ratio_section, timeline_section
from tone.report_markup import NONE_COLOUR, colours_for, esc, plural, section, swatch
from tone.report_messages import worst_section
from tone.report_summary import (
    as_int,
    as_list,
    as_map,
    clean,
    count,
    day,
    labels_of,
    senders,
    weeks,
)
from tone.report_svg import Segment, stacked_bar

SKIP_COLOURS = ("#8C9AAB", "#AAB5C2", "#C6CED7", "#DCE1E7")
SCORED_COLOUR = "#4A6076"
MAX_SENDERS = 8
MAX_UNPARSED = 20
RAW_LIMIT = 160
SKIP_KINDS = {
    "system": "system notices",
    "media": "media without text",
    "deleted": "deleted messages",
    "empty": "empty messages",
}


def header_section(summary: Mapping[str, Any], labels: Sequence[str], colours: Mapping[str, str]) -> str:
    """Source file, format, period, model and notes, with the colour key used by every chart."""
    period = as_map(summary.get("period"))
    first, last = period.get("first"), period.get("last")
    when = f"{esc(day(first))} – {esc(day(last))}" if first and last else "no timestamps in the export"
    model = as_map(summary.get("model"))
    notes = [clean(n) for n in as_list(summary.get("notes")) if clean(n).strip()]
    note_list = "".join(f'<li dir="auto">{esc(n)}</li>' for n in notes)
    key = "".join(f'<span class="k">{swatch(colours[x])}{esc(x)}</span>' for x in labels)
    key += f'<span class="k">{swatch(NONE_COLOUR)}no label</span>'
    names = ", ".join(f"<b>{esc(x)}</b>" for x in labels)
    return f"""<header class="page-head">
<p class="eyebrow">Tone report</p>
<h1 dir="auto">{esc(clean(summary.get("source")) or "(unnamed export)")}</h1>
<dl class="facts">
<div><dt>Format</dt><dd>{esc(summary.get("format") or "unknown")}</dd></div>
<div><dt>Period</dt><dd>{when}</dd></div>
<div><dt>Model</dt><dd>{esc(model.get("name") or "unnamed")}</dd></div>
</dl>
{f'<div class="notes"><h2>Notes from reading the file</h2><ul>{note_list}</ul></div>' if notes else ""}
<p class="intro">Each message was scored by a model for the tones {names}, from John Gottman's research
on couples. Support and need count as <em>positive</em>, criticism and contempt as <em>negative</em>.
The labels describe messages, not the people who wrote them, and the model makes mistakes:
read the example messages before drawing conclusions.</p>
<p class="key" aria-label="Colour key">{key}</p>
<nav aria-label="Sections"><a href="#accounting">What was read</a><a href="#labels">Label mix</a>
<a href="#ratio">Positive to negative</a><a href="#timeline">Week by week</a><a href="#cues">Cue words</a>
<a href="#worst">Most critical messages</a></nav>
</header>"""


def _unparsed(accounting: Mapping[str, Any]) -> str:
    items = [as_map(x) for x in as_list(accounting.get("unparsed"))]
    total = max(as_int(accounting.get("unparsed_lines")), len(items))
    if not total:
        return "<p>Every line of the file was read as part of a message.</p>"
    rows = []
    for item in items[:MAX_UNPARSED]:
        raw = clean(item.get("raw"))
        raw = raw if len(raw) <= RAW_LIMIT else raw[:RAW_LIMIT] + "…"
        rows.append(
            f'<tr><td class="num">{as_int(item.get("line"))}</td><td dir="auto">{esc(item.get("reason"))}</td>'
            f'<td dir="auto"><code>{esc(raw)}</code></td></tr>'
        )
    shown = f"the first {len(rows)} of them" if total > len(rows) else "all of them"
    table = (
        '<div class="scroll"><table><thead><tr><th>Line</th><th>Why it was not read</th><th>Text</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
        if rows
        else ""
    )
    return (
        f"<h3>{plural(total, 'line')} not read as messages</h3>"
        f'<p class="sub">Kept out of the counts above and listed here ({shown}), so nothing is dropped silently.</p>'
        f"{table}"
    )


def accounting_section(accounting: Mapping[str, Any]) -> str:
    """Messages read = scored + skipped (by kind), and the lines that were not messages."""
    read, scored = as_int(accounting.get("read")), as_int(accounting.get("scored"))
    skipped = {clean(k): as_int(v) for k, v in as_map(accounting.get("skipped")).items()}
    skip_total = sum(skipped.values())
    kinds = [(kind, n, SKIP_COLOURS[i % len(SKIP_COLOURS)]) for i, (kind, n) in enumerate(skipped.items())]
    segments = [Segment("scored", scored, SCORED_COLOUR, f"scored: {plural(scored, 'message')}")]
    segments += [Segment(k, n, c, f"skipped, {SKIP_KINDS.get(k, k)}: {count(n)}") for k, n, c in kinds]
    legend = f'<span class="v">{swatch(SCORED_COLOUR)}scored <b>{count(scored)}</b></span>'
    legend += "".join(
        f'<span class="v">{swatch(c)}{esc(SKIP_KINDS.get(k, k))} <b>{count(n)}</b></span>'
        for k, n, c in kinds
    )
    if read == scored + skip_total:
        check = (
            f'<p class="check ok"><span aria-hidden="true">✓</span> {count(scored)} scored + '
            f"{count(skip_total)} skipped = {count(read)} read: nothing lost.</p>"
        )
    else:
        gap = read - scored - skip_total
        check = (
            f'<p class="check warn"><span aria-hidden="true">!</span> {count(scored)} scored + {count(skip_total)} '
            f"skipped = {count(scored + skip_total)}, but {count(read)} were read: "
            f"{plural(abs(gap), 'message')} {'is' if abs(gap) == 1 else 'are'} not accounted for in this summary.</p>"
        )
    tiles = "".join(
        f'<div class="tile"><b>{count(n)}</b><span>{what}</span></div>'
        for n, what in ((read, "messages read"), (scored, "scored"), (skip_total, "skipped"))
    )
    bar = stacked_bar(segments, "Messages read, split into scored and skipped") if read else ""
    body = (
        f'<div class="tiles">{tiles}</div>{bar}<p class="values">{legend}</p>{check}{_unparsed(accounting)}'
    )
    how = (
        "every message in the export is either scored or skipped for a stated reason (system notices, "
        "media without text, deleted or empty messages); lines that were not messages are listed by number."
    )
    return section("accounting", "What was read", how, body)


def render_html(summary: dict[str, Any]) -> str:
    """The whole report as one self-contained HTML page (the same input gives the same bytes)."""
    summary = as_map(summary)  # type: ignore[assignment]
    labels = labels_of(summary)
    colours = colours_for(labels)
    everyone = senders(summary, labels)
    shown, hidden = everyone[:MAX_SENDERS], everyone[MAX_SENDERS:]
    body = "\n".join(
        [
            header_section(summary, labels, colours),
            accounting_section(as_map(summary.get("accounting"))),
            label_mix_section(shown, hidden, labels, colours),
            ratio_section(shown, hidden),
            timeline_section(weeks(summary), shown, hidden),
            cues_section(shown, hidden),
            worst_section(as_list(summary.get("worst")), labels, colours),
        ]
    )
    css = files("tone").joinpath("resources/report.css").read_text(encoding="utf-8")
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>Tone report · {esc(summary.get("source") or "chat")}</title>
<style>
{css}</style>
</head>
<body>
<main>
{body}
</main>
<footer>Made offline by tone. This page loads nothing from the internet.</footer>
</body>
</html>
"""
