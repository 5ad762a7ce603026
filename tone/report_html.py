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

import math
from collections.abc import Mapping, Sequence
from html import escape
from importlib.resources import files
from typing import Any

from tone.report_summary import (
    MONTHS,
    NEGATIVE,
    POSITIVE,
    Sender,
    Week,
    as_float,
    as_int,
    as_list,
    as_map,
    category_name,
    clean,
    count,
    cue_spans,
    day,
    labels_of,
    pct,
    ratio_text,
    senders,
    weeks,
)
from tone.report_svg import Segment, Series, line_key, meter, ratio_bar, stacked_bar, week_chart

#: Okabe–Ito colours (safe for the common colour-vision deficiencies), one per label, everywhere.
LABEL_COLOURS = {"criticism": "#E69F00", "contempt": "#D55E00", "support": "#009E73", "need": "#0072B2"}
EXTRA_COLOURS = ("#CC79A7", "#56B4E9", "#F0E442")
NONE_COLOUR = "#D3D3CE"
POSITIVE_COLOUR = LABEL_COLOURS["support"]
NEGATIVE_COLOUR = LABEL_COLOURS["contempt"]
SKIP_COLOURS = ("#8C9AAB", "#AAB5C2", "#C6CED7", "#DCE1E7")
SCORED_COLOUR = "#4A6076"
CUE_COLOUR = "#7A8C9E"
#: Gottman's benchmark: stable couples show about five positive interactions for every negative one.
BENCHMARK = 5.0
MAX_SENDERS = 8
MAX_UNPARSED = 20
MAX_CUES = 10
MAX_WORST = 25
TEXT_LIMIT = 600
#: characters of context shown around a cue that lies past TEXT_LIMIT in a long message.
CONTEXT = 150
RAW_LIMIT = 160
SKIP_KINDS = {
    "system": "system notices",
    "media": "media without text",
    "deleted": "deleted messages",
    "empty": "empty messages",
}


def esc(value: object) -> str:
    """Clean and HTML-escape a value for text or a quoted attribute.

    >>> esc('<b title="x">&</b>')
    '&lt;b title=&quot;x&quot;&gt;&amp;&lt;/b&gt;'
    """
    return escape(clean(value), quote=True)


def highlight(text: str, spans: Sequence[tuple[int, int, str]]) -> str:
    """``text`` escaped piece by piece, with each span wrapped in ``<mark>``.

    Slicing happens on the raw text and each piece is escaped afterwards, so offsets never
    land inside an entity like ``&amp;``.

    >>> highlight("a & <b>", [(4, 7, "TAG")])
    'a &amp; <mark title="tag">&lt;b&gt;</mark>'
    """
    pieces, position = [], 0
    for start, end, category in spans:
        pieces.append(esc(text[position:start]))
        title = f' title="{esc(category_name(category))}"' if category else ""
        pieces.append(f"<mark{title}>{esc(text[start:end])}</mark>")
        position = end
    pieces.append(esc(text[position:]))
    return "".join(pieces)


def plural(n: int, word: str, words: str | None = None) -> str:
    """``n`` and the word in the right number.

    >>> plural(1, "message"), plural(1204, "message"), plural(2, "is", "are")
    ('1 message', '1,204 messages', '2 are')
    """
    return f"{count(n)} {word if n == 1 else (words or word + 's')}"


def colours_for(labels: Sequence[str]) -> dict[str, str]:
    """One colour per label: the fixed four, then spare colours for any other label."""
    spare = iter(EXTRA_COLOURS * (len(labels) // len(EXTRA_COLOURS) + 1))
    return {label: LABEL_COLOURS.get(label) or next(spare) for label in labels}


def _swatch(colour: str) -> str:
    return f'<i class="sw" style="background:{colour}" aria-hidden="true"></i>'


def _who(sender: Sender, detail: str) -> str:
    return (
        f'<div class="who"><bdi title="{esc(sender.name)}">{esc(sender.name)}</bdi>'
        f"<small>{detail}</small></div>"
    )


def _section(anchor: str, title: str, how: str, body: str) -> str:
    return (
        f'<section id="{anchor}" aria-labelledby="{anchor}-h"><h2 id="{anchor}-h">{title}</h2>'
        f'<p class="how"><span>How to read this:</span> {how}</p>\n{body}</section>'
    )


def _more(shown: Sequence[Sender], hidden: Sequence[Sender]) -> str:
    if not hidden:
        return ""
    rest = sum(s.messages for s in hidden)
    return (
        f'<p class="note">Showing the {len(shown)} senders with the most messages; '
        f"{plural(len(hidden), 'more sender')} with {plural(rest, 'message')} in total "
        f"{'is' if len(hidden) == 1 else 'are'} not shown.</p>"
    )


def _empty(text: str) -> str:
    return f'<p class="empty">{text}</p>'


# ---------------------------------------------------------------- header and accounting


def header_section(summary: Mapping[str, Any], labels: Sequence[str], colours: Mapping[str, str]) -> str:
    """Source file, format, period, model and notes, with the colour key used by every chart."""
    period = as_map(summary.get("period"))
    first, last = period.get("first"), period.get("last")
    when = f"{esc(day(first))} – {esc(day(last))}" if first and last else "no timestamps in the export"
    model = as_map(summary.get("model"))
    notes = [clean(n) for n in as_list(summary.get("notes")) if clean(n).strip()]
    note_list = "".join(f'<li dir="auto">{esc(n)}</li>' for n in notes)
    key = "".join(f'<span class="k">{_swatch(colours[x])}{esc(x)}</span>' for x in labels)
    key += f'<span class="k">{_swatch(NONE_COLOUR)}no label</span>'
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
    legend = f'<span class="v">{_swatch(SCORED_COLOUR)}scored <b>{count(scored)}</b></span>'
    legend += "".join(
        f'<span class="v">{_swatch(c)}{esc(SKIP_KINDS.get(k, k))} <b>{count(n)}</b></span>'
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
    return _section("accounting", "What was read", how, body)


# ---------------------------------------------------------------- per-sender charts


def _mix_row(sender: Sender, labels: Sequence[str], colours: Mapping[str, str]) -> str:
    who = _who(sender, f"{plural(sender.scored, 'message')} scored")
    if not sender.scored:
        return f'<div class="row">{who}<div class="plot">{_empty("no scored messages")}</div></div>'
    of = f"of {plural(sender.scored, 'scored message')}"
    segments = [
        Segment(
            x, sender.counts[x], colours[x], f"{x}: {count(sender.counts[x])} {of} ({pct(sender.rates[x])})"
        )
        for x in labels
    ]
    none_rate = sender.none / sender.scored
    segments.append(
        Segment("none", sender.none, NONE_COLOUR, f"no label: {count(sender.none)} {of} ({pct(none_rate)})")
    )
    values = "".join(
        f'<span class="v">{_swatch(colours[x])}{esc(x)} <b>{pct(sender.rates[x])}</b></span>' for x in labels
    )
    values += f'<span class="v">{_swatch(NONE_COLOUR)}no label <b>{pct(none_rate)}</b></span>'
    bar = stacked_bar(segments, f"Label mix of messages from {sender.name}")
    return f'<div class="row">{who}<div class="plot">{bar}<p class="values">{values}</p></div></div>'


def _numbers_table(shown: Sequence[Sender], labels: Sequence[str]) -> str:
    head = "".join(f"<th>{esc(x)}</th>" for x in labels)
    rows = "".join(
        f'<tr><th scope="row"><bdi>{esc(s.name)}</bdi></th><td>{count(s.messages)}</td><td>{count(s.scored)}</td>'
        + "".join(f"<td>{count(s.counts[x])}</td>" for x in labels)
        + f"<td>{count(s.none)}</td><td>{count(s.positive)}</td><td>{count(s.negative)}</td>"
        f"<td>{ratio_text(s.ratio) + ':1' if s.ratio is not None else '–'}</td></tr>"
        for s in shown
    )
    return (
        '<details><summary>The numbers behind these charts</summary><div class="scroll"><table class="numbers">'
        f"<thead><tr><th>Sender</th><th>messages</th><th>scored</th>{head}<th>no label</th><th>positive</th>"
        f"<th>negative</th><th>ratio</th></tr></thead><tbody>{rows}</tbody></table></div></details>"
    )


def label_mix_section(
    shown: Sequence[Sender], hidden: Sequence[Sender], labels: Sequence[str], colours: Mapping[str, str]
) -> str:
    """One stacked bar per sender: how their scored messages split across the labels and no label."""
    if not shown:
        body = _empty("No messages from any sender were scored.")
    else:
        rows = "".join(_mix_row(s, labels, colours) for s in shown)
        body = f'<div class="chart">{rows}</div>{_more(shown, hidden)}{_numbers_table(shown, labels)}'
    how = (
        "one bar per sender. Each coloured part is a label's share, grey is messages with no label; "
        "the percentages under a bar are of that sender's scored messages. A message can carry two labels, "
        "so the parts are shares of all labels given. Hover a part for its count."
    )
    return _section("labels", "Label mix per sender", how, body)


def _ratio_parts(sender: Sender) -> tuple[float | None, str, str]:
    """The value to draw, the short value text and the plain-language sentence for one sender."""
    name, pos, neg = esc(sender.name), sender.positive, sender.negative
    if not sender.scored:
        return None, "–", f"<bdi>{name}</bdi>: no scored messages."
    if not neg and not pos:
        return (
            None,
            "–",
            f"<bdi>{name}</bdi>: none of {plural(sender.scored, 'scored message')} is positive or negative.",
        )
    if not neg:
        return (
            math.inf,
            "no negatives",
            f"<bdi>{name}</bdi>: {plural(pos, 'positive message')} and no negative ones.",
        )
    ratio = sender.ratio if sender.ratio is not None else pos / neg
    sentence = (
        f"<bdi>{name}</bdi>: {ratio_text(ratio)} positive for every negative (benchmark {ratio_text(BENCHMARK)}) "
        f"— {count(pos)} positive and {count(neg)} negative messages."
    )
    return ratio, f"{ratio_text(ratio)} : 1", sentence


def ratio_section(shown: Sequence[Sender], hidden: Sequence[Sender]) -> str:
    """Positive-to-negative ratio per sender on one scale, with Gottman's 5:1 marked."""
    how = (
        "positive means support or need, negative means criticism or contempt. Each bar is how many "
        "positive messages there are for every negative one; the dark line marks Gottman's benchmark of "
        "5 to 1, seen in couples who stay happily together. It is a rule of thumb, not a grade."
    )
    if not shown:
        return _section("ratio", "Positive to negative, against 5 : 1", how, _empty("No scored messages."))
    parts = [_ratio_parts(s) for s in shown]
    finite = [v for v, _, _ in parts if v is not None and math.isfinite(v)]
    scale = float(min(max(7, math.ceil(max(finite, default=0.0) * 1.1)), 12))
    rows = []
    for sender, (value, text, _) in zip(shown, parts, strict=True):
        title = (
            f"{sender.name}: {text} ({count(sender.positive)} positive, {count(sender.negative)} negative)"
        )
        bar = ratio_bar(
            value, scale, BENCHMARK, title, f"Positive to negative ratio for {sender.name}: {text}"
        )
        rows.append(
            f'<div class="row">{_who(sender, "")}<div class="plot">{bar}</div><div class="val">{text}</div></div>'
        )
    bench = 100 * BENCHMARK / scale
    axis = (
        '<div class="row axis-row"><div></div><div class="axis" aria-hidden="true"><span style="left:0">0</span>'
        f'<span class="bm" style="left:{bench:.2f}%">5 : 1</span><span class="end" style="left:100%">{scale:.0f} : 1</span>'
        "</div><div></div></div>"
    )
    sentences = "".join(f"<li>{sentence}</li>" for _, _, sentence in parts)
    body = f'<div class="chart ratio">{"".join(rows)}{axis}</div><ul class="plain">{sentences}</ul>{_more(shown, hidden)}'
    return _section("ratio", "Positive to negative, against 5 : 1", how, body)


def _week_series(sender: Sender, timeline: Sequence[Week]) -> tuple[Series, Series, int]:
    neg: list[float | None] = []
    pos: list[float | None] = []
    titles = []
    for week in timeline:
        data = as_map(week.senders.get(sender.key))
        scored, rates = as_int(data.get("scored")), as_map(data.get("rates"))
        if not scored:
            neg.append(None)
            pos.append(None)
            titles.append("")
            continue
        neg.append(sum(as_float(rates.get(x)) or 0.0 for x in NEGATIVE))
        pos.append(sum(as_float(rates.get(x)) or 0.0 for x in POSITIVE))
        when = f"week of {day(week.start)} ({week.key})" if week.start else week.key
        titles.append(
            f"{when}: criticism + contempt {pct(neg[-1])}, support + need {pct(pos[-1])} of {scored} scored"
        )
    active = sum(v is not None for v in neg)
    return (
        Series("criticism + contempt", tuple(neg), NEGATIVE_COLOUR, True, tuple(titles)),
        Series("support + need", tuple(pos), POSITIVE_COLOUR, False, tuple(titles)),
        active,
    )


def _week_ticks(timeline: Sequence[Week]) -> list[tuple[int, str]]:
    n = len(timeline)
    indices = sorted({0, (n - 1) // 3, 2 * (n - 1) // 3, n - 1}) if n > 3 else list(range(n))
    years = {w.start.year for w in timeline if w.start}
    ticks = []
    for i in indices:
        start = timeline[i].start
        if start is None:
            ticks.append((i, timeline[i].key))
        else:
            month = MONTHS[start.month - 1]
            ticks.append((i, f"{month} {start.year}" if len(years) > 1 else f"{start.day} {month}"))
    return ticks


def timeline_section(timeline: Sequence[Week], shown: Sequence[Sender], hidden: Sequence[Sender]) -> str:
    """Small multiples, one per sender, of the weekly negative and positive rates on a shared scale."""
    how = (
        "one small chart per sender, all on the same scale. The dashed line is the share of that week's "
        "scored messages labelled criticism or contempt, the solid line the share labelled support or need. "
        "A break in a line is a week with no scored messages from that sender. Hover a point for its numbers."
    )
    if not timeline or not shown:
        text = "No weeks to show: the export has no timestamps that could be read, or no message was scored."
        return _section("timeline", "Week by week", how, _empty(text if not timeline else "No senders."))
    series = {s.name: _week_series(s, timeline) for s in shown}
    peak = max((v or 0.0 for neg, pos, _ in series.values() for v in neg.values + pos.values), default=0.0)
    y_max = max(0.1, math.ceil(round(peak * 10, 6)) / 10)
    ticks = _week_ticks(timeline)
    cards = []
    for sender in shown:
        neg, pos, active = series[sender.name]
        chart = week_chart([pos, neg], len(timeline), y_max, ticks, f"Weekly rates for {sender.name}")
        detail = f"{active} of {plural(len(timeline), 'week')} with scored messages"
        cards.append(f'<figure class="week-card">{_who(sender, detail)}{chart}</figure>')
    key = (
        f'<p class="key"><span class="k">{line_key(NEGATIVE_COLOUR, True)}criticism + contempt</span>'
        f'<span class="k">{line_key(POSITIVE_COLOUR, False)}support + need</span></p>'
    )
    return _section(
        "timeline",
        "Week by week",
        how,
        f'{key}<div class="multiples">{"".join(cards)}</div>{_more(shown, hidden)}',
    )


def _cue_meter(word: str, n: int, most: int) -> str:
    title = f"{word}: {plural(n, 'time')}"
    return meter(n / most, CUE_COLOUR, title, title)


def cues_section(shown: Sequence[Sender], hidden: Sequence[Sender]) -> str:
    """Each sender's most frequent cue words with their counts."""
    cards = []
    for sender in shown:
        top = sender.cues[:MAX_CUES]
        most = max((n for _, n in top), default=0) or 1
        items = "".join(
            f'<li><span class="cue" dir="auto">{esc(word)}</span>{_cue_meter(word, n, most)}'
            f'<span class="n">{count(n)}</span></li>'
            for word, n in top
        )
        listing = f'<ol class="cues">{items}</ol>' if top else _empty("no cue words found")
        cards.append(f'<div class="cue-card">{_who(sender, "")}{listing}</div>')
    how = (
        "the words and signs the model's cue rules found most often in each sender's messages, and how many "
        "times. Cues are what the model noticed, in either kind of message; they are evidence, not verdicts."
    )
    body = (
        f'<div class="cue-grid">{"".join(cards)}</div>{_more(shown, hidden)}'
        if shown
        else _empty("No senders.")
    )
    return _section("cues", "Top cue words per sender", how, body)


# ---------------------------------------------------------------- example messages


def excerpt_windows(length: int, spans: Sequence[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """The parts of a long text to show: its opening, and some context around every later cue.

    >>> excerpt_windows(100, [])
    [(0, 100)]
    >>> excerpt_windows(10_000, [(5_000, 5_005, "X")])
    [(0, 600), (4850, 5155)]
    """
    if length <= TEXT_LIMIT + CONTEXT:
        return [(0, length)]
    windows = [(0, TEXT_LIMIT)] + [(max(0, s - CONTEXT), min(length, e + CONTEXT)) for s, e, _ in spans]
    merged: list[tuple[int, int]] = []
    for start, end in sorted(windows):
        end = max([end, *(e for s, e, _ in spans if start <= s < end)])  # never cut a cue in two
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _excerpts(text: str, spans: Sequence[tuple[int, int, str]]) -> str:
    """The text (or its excerpts when long) with cues highlighted and left-out lengths stated."""
    parts, shown_to = [], 0
    for start, end in excerpt_windows(len(text), spans):
        if start > shown_to:
            parts.append(f'<span class="more"> … {plural(start - shown_to, "character")} left out … </span>')
        inside = [(s - start, e - start, c) for s, e, c in spans if start <= s and e <= end]
        parts.append(highlight(text[start:end], inside))
        shown_to = end
    if shown_to < len(text):
        parts.append(f'<span class="more"> … {plural(len(text) - shown_to, "more character")}</span>')
    return "".join(parts)


def _message(item: Mapping[str, Any], labels: Sequence[str], colours: Mapping[str, str]) -> str:
    text = clean(item.get("text"))
    spans = cue_spans(text, as_list(item.get("cues")))
    given = [clean(x) for x in as_list(item.get("labels"))]
    fired = [x for x in labels if x in given] + [x for x in dict.fromkeys(given) if x not in labels]
    tags = "".join(
        f'<span class="tag" style="--c:{colours.get(x, NONE_COLOUR)}">{esc(x)}</span>' for x in fired
    )
    scores = as_map(item.get("scores"))
    rows = []
    for label in labels:
        value = as_float(scores.get(label))
        if value is not None:
            title = f"{label}: {value:.2f}"
            css = ' class="fired"' if label in fired else ""
            rows.append(
                f"<div{css}><span>{esc(label)}</span>{meter(value, colours[label], title, title)}<b>{value:.2f}</b></div>"
            )
    cue_list = " ".join(
        f"<span><mark>{esc(text[s:e])}</mark> {esc(category_name(c))}</span>" for s, e, c in spans
    )
    stamp = item.get("timestamp")
    when = f'<time datetime="{esc(stamp)}">{esc(day(stamp, with_time=True))}</time>' if stamp else ""
    return (
        f'<article class="msg"><header><bdi class="from">{esc(clean(item.get("sender")) or "(no name)")}</bdi>'
        f'{when}<span class="tags">{tags}</span></header>'
        f'<blockquote dir="auto">{_excerpts(text, spans)}</blockquote>'
        f'<div class="scores">{"".join(rows)}</div>'
        f"{f'<p class=cue-list>Cues: {cue_list}</p>' if cue_list else ''}</article>"
    )


def worst_section(worst: Sequence[Any], labels: Sequence[str], colours: Mapping[str, str]) -> str:
    """The messages scored highest for criticism or contempt, with their cue words marked."""
    items = [as_map(x) for x in worst][:MAX_WORST]
    how = (
        "the messages the model scored highest for criticism or contempt, with the words its cue rules "
        "noticed marked. Scores run from 0 to 1 and show how sure the model is. One message out of context "
        "says little about a conversation."
    )
    body = "".join(_message(x, labels, colours) for x in items) or _empty(
        "No message was labelled criticism or contempt."
    )
    return _section("worst", "The most critical or contemptuous messages", how, body)


# ---------------------------------------------------------------- the page


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
