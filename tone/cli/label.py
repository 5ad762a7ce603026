"""``tone label``: label messages by hand, one card and one key at a time."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import click

from tone.cli.options import model_option, out_option
from tone.cli.terminal import style

if TYPE_CHECKING:
    from tone.annotate import LabelSession

QUIT = "q"


@click.command()
@click.argument("source", metavar="FILE_OR_EXPORT", type=click.Path(exists=True, path_type=Path))
@out_option("JSONL file to append labels to; rerun with the same file to resume.", directory=False)
@model_option
@click.option(
    "--labels", "new_labels", help="Comma-separated labels to add to the model's, e.g. defensiveness."
)
@click.option("--limit", type=click.IntRange(min=1), help="Stop after N decisions.")
@click.option(
    "--format",
    "input_format",
    help="Input format (default: detected). txt, csv or jsonl for a messages file, or a chat "
    "export: whatsapp, telegram, messenger, instagram, discord, slack, signal, imessage, generic.",
)
def label(
    source: Path,
    out: Path,
    model_dir: Path | None,
    new_labels: str | None,
    limit: int | None,
    input_format: str | None,
) -> None:
    """Label messages yourself, the ones the model is least sure of first.

    Shows one message at a time with the model's guesses ticked. Press a label's key to
    toggle it, a or Enter to save, s to skip, u to undo, q to quit. Every decision is saved
    at once to --out as {"text", "labels", "source"}, ready for `tone train`. Piped input is
    read a line at a time (each character a key; an empty line is Enter).

    \b
    Example:
      tone label "WhatsApp Chat with Sam.txt" --out my_labels.jsonl --labels defensiveness
      tone train --data my_labels.jsonl --out models/mine
    """
    from tone.annotate import open_session, parse_labels
    from tone.report_label import render_label_summary

    interactive = sys.stdin.isatty()
    if interactive:
        click.echo("ranking messages by how unsure the model is…", err=True)
    session = open_session(
        source, out, model=model_dir, labels=parse_labels(new_labels), input_format=input_format, limit=limit
    )
    notices = _label_loop(session, _key_batches(interactive), clear=interactive)
    click.echo("\n".join([*notices, render_label_summary(session.summary())]))


def _label_loop(session: LabelSession, batches: Iterator[list[str]], *, clear: bool) -> list[str]:
    """Show a card, act on the next keys, repeat; returns the notices not shown yet."""
    from tone.report_label import render_key_outcome, render_label_card

    notices: list[str] = []
    while (card := session.card()) is not None and not session.finished:
        if clear:
            click.clear()
        click.echo("\n".join([*notices, render_label_card(card, style)]))
        notices = []
        for key in next(batches, [QUIT]):
            notice = render_key_outcome(session.press(key))
            notices += [notice] if notice else []
            if session.finished:
                break
    return notices


def _key_batches(interactive: bool) -> Iterator[list[str]]:
    """Keys to act on before the next card: one key press on a terminal, else one input line."""
    if not interactive:
        for line in sys.stdin:
            yield list("".join(line.split())) or ["\n"]
        return
    while True:
        try:
            pressed = click.getchar()
        except (KeyboardInterrupt, EOFError):  # Ctrl-C / Ctrl-D: everything is already saved
            return
        # An arrow or function key arrives as one escape sequence: one unknown key, not "[A".
        yield [pressed] if pressed.startswith("\x1b") else list(pressed)
