"""Rendering ``tone label``: the card being labelled, what a key did, the closing summary.

Like :mod:`tone.report`, functions here turn data into strings and never print.
"""

from __future__ import annotations

from collections.abc import Sequence

from tone.report import LABEL_COLOURS, Styler, bar, plain
from tone.results import KeyOutcome, LabelCard, LabelChoice, LabelSummary


def render_label_card(card: LabelCard, style: Styler = plain) -> str:
    """The message being labelled, each label with its key, the model's probability and a tick.

    >>> from tone.results import LabelChoice, LabelProgress
    >>> choices = (LabelChoice("1", "need", True, 0.61, 0.4), LabelChoice("2", "blame", False))
    >>> print(render_label_card(LabelCard("I need a hand", "m.txt:3", choices, LabelProgress(2, 1, 9))))
    m.txt:3 · 2 labelled, 1 skipped, 9 left
    <BLANKLINE>
      I need a hand
    <BLANKLINE>
      [x] 1 need   0.61 ██████░░░░  threshold 0.40
      [ ] 2 blame     –             new label
      keys: 1-2 toggle · a/Enter accept · s skip · u undo · q quit
    """
    width = max(len(choice.label) for choice in card.choices)
    lines = [f"{card.source} · {card.progress}", "", *("  " + line for line in card.text.splitlines()), ""]
    lines += [_label_row(choice, width, style) for choice in card.choices]
    lines.append(
        f"  keys: {_key_span([c.key for c in card.choices])} toggle · a/Enter accept · s skip · u undo · q quit"
    )
    return "\n".join(lines)


def _label_row(choice: LabelChoice, width: int, style: Styler) -> str:
    tick = "[x]" if choice.selected else "[ ]"
    name = choice.label.ljust(width)
    if choice.probability is None:
        return f"  {tick} {choice.key} {name}     –             new label"
    cut = f"  threshold {choice.threshold:.2f}" if choice.threshold is not None else ""
    row = f"  {tick} {choice.key} {name}  {choice.probability:4.2f} {bar(choice.probability, 10)}{cut}"
    return style(row, fg=LABEL_COLOURS.get(choice.label), bold=True) if choice.selected else row


def _key_span(keys: Sequence[str]) -> str:
    """``1-4``, or ``1-9 b c`` once labels run past the digits."""
    digits = [k for k in keys if k.isdigit()]
    letters = [k for k in keys if not k.isdigit()]
    span = digits[0] if len(digits) == 1 else f"{digits[0]}-{digits[-1]}" if digits else ""
    return " ".join([span, *letters]).strip()


def render_key_outcome(outcome: KeyOutcome) -> str | None:
    """One line saying what a key did, or ``None`` when the next card shows it (a toggle, quit)."""
    decision = outcome.decision
    if outcome.action == "accept" and decision is not None:
        return f"saved {decision.source}: {', '.join(decision.labels) or 'no label'}"
    if outcome.action == "skip" and decision is not None:
        return f"skipped {decision.source}"
    if outcome.action == "undo" and decision is not None:
        was = "skipped" if decision.skipped else ", ".join(decision.labels) or "no label"
        return f"undone {decision.source} (was: {was})"
    if outcome.action == "empty-undo":
        return "nothing to undo"
    if outcome.action == "unknown":
        return f"unknown key {outcome.key!r}"
    return None


def render_label_summary(summary: LabelSummary) -> str:
    """The closing lines of ``tone label``: this session, the file, and what to do next."""
    lines = [
        f"this session: {summary.labelled} labelled, {summary.skipped} skipped, {summary.undone} undone",
        f"{summary.out}: {summary.progress}",
    ]
    if summary.progress.left:
        lines.append("run the same command again to continue where you left off")
    if summary.progress.labelled:
        lines.append(f"train on it: tone train --data {summary.out} --out models/mine")
    return "\n".join(lines)
