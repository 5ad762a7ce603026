"""The HTML report's example messages: the most critical or contemptuous ones, cue words marked.

Cue offsets are Python ``str`` indices into the message text. The text is sliced at the
offsets first and each piece escaped afterwards, so a mark never lands inside an entity.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from tone.report_markup import NONE_COLOUR, empty, esc, plural, section
from tone.report_summary import (
    as_float,
    as_list,
    as_map,
    category_name,
    clean,
    cue_spans,
    day,
)
from tone.report_svg import meter

MAX_WORST = 25
TEXT_LIMIT = 600
#: characters of context shown around a cue that lies past TEXT_LIMIT in a long message.
CONTEXT = 150


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
    body = "".join(_message(x, labels, colours) for x in items) or empty(
        "No message was labelled criticism or contempt."
    )
    return section("worst", "The most critical or contemptuous messages", how, body)
