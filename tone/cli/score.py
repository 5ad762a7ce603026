"""``tone score`` and ``tone rephrase``: messages given as arguments or in a file."""

from __future__ import annotations

from pathlib import Path

import click

from tone.cli.options import MessageInputs, format_option, message_inputs, model_option
from tone.cli.terminal import freeze_loaded_objects, style

OUTPUT_FORMATS = ("text", "json", "jsonl", "csv")


@click.command()
@message_inputs
@format_option(*OUTPUT_FORMATS)
@click.option("--explain", "-e", is_flag=True, help="Show the words behind each label (always on for json).")
@click.option(
    "--suggest/--no-suggest",
    default=True,
    show_default=True,
    help="Show a gentler rewrite under each criticism/contempt message (text and json).",
)
@model_option
def score(
    inputs: MessageInputs, output_format: str, explain: bool, suggest: bool, model_dir: Path | None
) -> None:
    """Score messages: labels, per-label probabilities and the words behind them.

    \b
    Examples:
      tone score "You never listen to me" "Thanks for today, I'm proud of you"
      tone score --explain "Oh great, another brilliant idea"
      tone score --input chat.txt --format jsonl > scores.jsonl
      cat messages.csv | tone score -i - --input-format csv --format csv
    """
    from tone import report
    from tone.api import Analyzer

    items = inputs.read()
    analyzer = Analyzer(model_dir)
    freeze_loaded_objects()
    tally = report.InputTally()
    if output_format in ("jsonl", "csv"):  # written straight from the scores' arrays
        batches = analyzer.score_input_batches(items, explain=explain)
        blocks = report.scored_batch_blocks(tally.watch_batches(batches), output_format, analyzer.labels)
    else:
        scored = analyzer.score_inputs(
            items,
            explain=explain or output_format == "json",
            suggest=suggest and output_format in ("text", "json"),
        )
        blocks = report.scored_blocks(tally.watch(scored), output_format, analyzer.labels, style)
    for block in blocks:
        click.echo(block)
    if inputs.path:
        click.echo(tally.summary(), err=True)


@click.command()
@message_inputs
@format_option("text", "json", "jsonl")
@model_option
def rephrase(inputs: MessageInputs, output_format: str, model_dir: Path | None) -> None:
    """Suggest 1-3 gentler rewrites for criticism or contempt: feeling, situation, request.

    Messages that carry neither get no suggestion. JSON records hold the original's labels
    and each suggestion with the edits (character offsets in the original) that produce it.

    \b
    Examples:
      tone rephrase "You never take the bins out, you lazy slob"
      tone rephrase --input messages.txt --format jsonl > rewrites.jsonl
    """
    from tone import report
    from tone.api import Analyzer

    items = inputs.read()
    rephrased = Analyzer(model_dir).rephrase_inputs(items)
    for block in report.rephrased_blocks(rephrased, output_format, style):
        click.echo(block)
