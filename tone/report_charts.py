"""The per-sender sections of the HTML report: label mix, positive-to-negative ratio, weeks, cue words.

Each function returns one ``<section>``; senders come in already chosen and ordered (most
messages first) and the charts are inline SVG from ``tone.report_svg``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from tone.report_markup import (
    LABEL_COLOURS,
    NONE_COLOUR,
    empty,
    esc,
    more_senders,
    plural,
    section,
    sender_name,
    swatch,
)
from tone.report_summary import (
    MONTHS,
    NEGATIVE,
    POSITIVE,
    Sender,
    Week,
    as_float,
    as_int,
    as_map,
    count,
    day,
    pct,
    ratio_text,
)
from tone.report_svg import Segment, Series, line_key, meter, ratio_bar, stacked_bar, week_chart

POSITIVE_COLOUR = LABEL_COLOURS["support"]
NEGATIVE_COLOUR = LABEL_COLOURS["contempt"]
CUE_COLOUR = "#7A8C9E"
#: Gottman's benchmark: stable couples show about five positive interactions for every negative one.
BENCHMARK = 5.0
MAX_CUES = 10


def _mix_row(sender: Sender, labels: Sequence[str], colours: Mapping[str, str]) -> str:
    name = sender_name(sender, f"{plural(sender.scored, 'message')} scored")
    if not sender.scored:
        return f'<div class="row">{name}<div class="plot">{empty("no scored messages")}</div></div>'
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
        f'<span class="v">{swatch(colours[x])}{esc(x)} <b>{pct(sender.rates[x])}</b></span>' for x in labels
    )
    values += f'<span class="v">{swatch(NONE_COLOUR)}no label <b>{pct(none_rate)}</b></span>'
    bar = stacked_bar(segments, f"Label mix of messages from {sender.name}")
    return f'<div class="row">{name}<div class="plot">{bar}<p class="values">{values}</p></div></div>'


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
        body = empty("No messages from any sender were scored.")
    else:
        rows = "".join(_mix_row(s, labels, colours) for s in shown)
        body = f'<div class="chart">{rows}</div>{more_senders(shown, hidden)}{_numbers_table(shown, labels)}'
    how = (
        "one bar per sender. Each coloured part is a label's share, grey is messages with no label; "
        "the percentages under a bar are of that sender's scored messages. A message can carry two labels, "
        "so the parts are shares of all labels given. Hover a part for its count."
    )
    return section("labels", "Label mix per sender", how, body)


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
        return section("ratio", "Positive to negative, against 5 : 1", how, empty("No scored messages."))
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
            f'<div class="row">{sender_name(sender, "")}<div class="plot">{bar}</div><div class="val">{text}</div></div>'
        )
    bench = 100 * BENCHMARK / scale
    axis = (
        '<div class="row axis-row"><div></div><div class="axis" aria-hidden="true"><span style="left:0">0</span>'
        f'<span class="bm" style="left:{bench:.2f}%">5 : 1</span><span class="end" style="left:100%">{scale:.0f} : 1</span>'
        "</div><div></div></div>"
    )
    sentences = "".join(f"<li>{sentence}</li>" for _, _, sentence in parts)
    body = f'<div class="chart ratio">{"".join(rows)}{axis}</div><ul class="plain">{sentences}</ul>{more_senders(shown, hidden)}'
    return section("ratio", "Positive to negative, against 5 : 1", how, body)


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
    """Where to label the weeks axis: each new year on a long timeline, else four dates.

    >>> from datetime import date, timedelta
    >>> span = [Week("", date(2023, 12, 18) + timedelta(weeks=n), {}) for n in range(60)]
    >>> _week_ticks(span)
    [(0, 'Dec 2023'), (2, '2024'), (55, '2025')]
    """
    n = len(timeline)
    dated = [w.start for w in timeline if w.start]
    years = sorted({s.year for s in dated})
    if len(years) > 1 and len(dated) == n:
        ticks = [(0, f"{MONTHS[dated[0].month - 1]} {dated[0].year}")]
        for year in years[1 :: math.ceil(len(years) / 6)]:
            ticks.append((next(i for i, s in enumerate(dated) if s.year == year), str(year)))
        return ticks
    indices = sorted({0, (n - 1) // 3, 2 * (n - 1) // 3, n - 1}) if n > 3 else list(range(n))
    ticks = []
    for i in indices:
        start = timeline[i].start
        label = f"{start.day} {MONTHS[start.month - 1]}" if start else timeline[i].key
        ticks.append(
            (i, label if len(years) <= 1 or not start else f"{MONTHS[start.month - 1]} {start.year}")
        )
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
        return section("timeline", "Week by week", how, empty(text if not timeline else "No senders."))
    series = {s.name: _week_series(s, timeline) for s in shown}
    peak = max((v or 0.0 for neg, pos, _ in series.values() for v in neg.values + pos.values), default=0.0)
    y_max = max(0.1, math.ceil(round(peak * 10, 6)) / 10)
    ticks = _week_ticks(timeline)
    cards = []
    for sender in shown:
        neg, pos, active = series[sender.name]
        chart = week_chart([pos, neg], len(timeline), y_max, ticks, f"Weekly rates for {sender.name}")
        detail = f"{active} of {plural(len(timeline), 'week')} with scored messages"
        cards.append(f'<figure class="week-card">{sender_name(sender, detail)}{chart}</figure>')
    key = (
        f'<p class="key"><span class="k">{line_key(NEGATIVE_COLOUR, True)}criticism + contempt</span>'
        f'<span class="k">{line_key(POSITIVE_COLOUR, False)}support + need</span></p>'
    )
    return section(
        "timeline",
        "Week by week",
        how,
        f'{key}<div class="multiples">{"".join(cards)}</div>{more_senders(shown, hidden)}',
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
        listing = f'<ol class="cues">{items}</ol>' if top else empty("no cue words found")
        cards.append(f'<div class="cue-card">{sender_name(sender, "")}{listing}</div>')
    how = (
        "the words and signs the model's cue rules found most often in each sender's messages, and how many "
        "times. Cues are what the model noticed, in either kind of message; they are evidence, not verdicts."
    )
    body = (
        f'<div class="cue-grid">{"".join(cards)}</div>{more_senders(shown, hidden)}'
        if shown
        else empty("No senders.")
    )
    return section("cues", "Top cue words per sender", how, body)
