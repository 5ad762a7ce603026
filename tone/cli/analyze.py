"""``tone analyze``: score a chat export and write its per-message files and HTML report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from tone.cli.options import model_option, out_option
from tone.cli.terminal import freeze_loaded_objects, show_progress


@click.command()
@click.argument("export", type=click.Path(exists=True, path_type=Path))
@out_option("Directory for the outputs.")
@click.option(
    "--format",
    "chat_format",
    help="Export format (default: detected). One of: whatsapp, telegram, messenger, instagram, discord, slack, signal, imessage, generic.",
)
@click.option(
    "--date-order",
    type=click.Choice(["dmy", "mdy", "ymd"]),
    help="WhatsApp/generic date order when the file is ambiguous.",
)
@click.option("--since", type=click.DateTime(), help="Only score messages from this date/time on.")
@click.option("--until", type=click.DateTime(), help="Only score messages up to this date/time.")
@click.option("--sender", "senders", multiple=True, help="Only score messages from this sender (repeatable).")
@click.option("--anonymize", is_flag=True, help="Replace names with Person A, B, … in every output.")
@click.option("--encoding", default="utf-8-sig", show_default=True, help="Encoding of text exports.")
@click.option(
    "--column",
    "columns",
    multiple=True,
    metavar="FIELD=NAME",
    help="Generic CSV/JSONL: which column holds text, sender, timestamp or kind (e.g. --column text=Nachricht).",
)
@model_option
def analyze(
    export: Path,
    out: Path,
    chat_format: str | None,
    date_order: str | None,
    since: Any,
    until: Any,
    senders: tuple[str, ...],
    anonymize: bool,
    encoding: str,
    columns: tuple[str, ...],
    model_dir: Path | None,
) -> None:
    """Analyse a chat export: per-message scores, per-sender summary and an HTML report.

    Writes messages.jsonl, messages.csv, summary.json and report.html to --out.
    Reads WhatsApp (.txt/.zip), Telegram (result.json), Messenger/Instagram, Discord
    (DiscordChatExporter JSON/CSV), Slack export folders, Signal (signal-export),
    iMessage (imessage-exporter .txt) and generic CSV/JSONL.

    \b
    Example:
      tone analyze "WhatsApp Chat with Sam.txt" --out report/ --anonymize
    """
    from tone import report
    from tone.api import ExportOptions, analyze_export

    mapping = dict(_field_assignment(c) for c in columns)
    options = ExportOptions(
        chat_format, date_order, encoding, since, until, senders, anonymize, mapping or None
    )
    analysis = analyze_export(export, model=model_dir, options=options)
    freeze_loaded_objects()
    writer = report.ExportWriter(out, analysis.analyzer.labels)
    for item in show_progress(analysis.messages(), "scoring"):
        writer.write(item)
    summary = analysis.summary_dict()
    paths = writer.finish(summary)
    for note in summary["notes"]:
        click.echo(f"note: {note}", err=True)
    click.echo(report.render_export_summary(summary))
    click.echo(f"\nwrote {', '.join(paths)} to {out}/  (open {paths['report.html']})")


def _field_assignment(option: str) -> tuple[str, str]:
    field, _, name = option.partition("=")
    if not field or not name:
        raise click.BadParameter(f"expected FIELD=NAME, got {option!r}", param_hint="--column")
    return field.strip(), name.strip()
