"""The ``tone`` command line: parse options, call one ``tone.api`` function, render.

Library errors (``ToneError``) become one-line messages with the right exit status here, in
one place; nothing below this module knows about Click.
"""

from __future__ import annotations

import json
import os
import sys
import warnings
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from tone import __version__
from tone.errors import DataError, ToneError

if TYPE_CHECKING:
    from tone.annotate import LabelSession

OUTPUT_FORMATS = ("text", "json", "jsonl", "csv")
QUIT = "q"


class ToneCommandError(click.ClickException):
    """A ``ToneError`` as Click shows it: ``Error: FILE:LINE: message`` and the error's exit code."""

    def __init__(self, error: ToneError):
        super().__init__(str(error))
        self.exit_code = error.exit_code  # type: ignore[misc]  # Click reads it per instance
        self.problems = getattr(error, "problems", [])

    def show(self, file: Any = None) -> None:
        stream = file or sys.stderr
        click.echo(f"Error: {self.format_message()}", err=True, file=stream)
        for problem in self.problems if len(self.problems) > 1 else []:
            click.echo(f"  {problem}", err=True, file=stream)


class ToneGroup(click.Group):
    """Turns every ``ToneError`` raised by a command into a one-line error, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        with warnings.catch_warnings():
            warnings.showwarning = _show_warning
            try:
                return super().invoke(ctx)
            except ToneError as error:
                raise ToneCommandError(error) from None
            except (click.exceptions.Exit, click.ClickException, click.Abort):
                raise
            except Exception as error:
                if os.environ.get("TONE_DEBUG"):
                    raise
                message = (
                    f"internal error ({type(error).__name__}: {error}); rerun with TONE_DEBUG=1 and report it"
                )
                raise click.ClickException(message) from None
            except (BrokenPipeError, KeyboardInterrupt):
                sys.stderr.close()
                raise SystemExit(1) from None


def _show_warning(
    message: Any, category: Any, filename: str, lineno: int, file: Any = None, line: Any = None
) -> None:
    click.echo(f"warning: {message}", err=True)


@click.group(
    cls=ToneGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100}
)
@click.version_option(__version__, prog_name="tone")
def main() -> None:
    """tone — label messages as criticism, contempt, support or need, and say why.

    \b
    Quick start:
      tone score "You never listen to me"
      tone score --input messages.txt --format jsonl
      tone train --data my_labels.jsonl --out models/mine
    """


def model_option(function: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--model",
        "model_dir",
        envvar="TONE_MODEL",
        type=click.Path(file_okay=False, path_type=Path),
        help="Model directory (default: the shipped model; env TONE_MODEL).",
    )(function)


def data_option(function: Callable[..., Any]) -> Callable[..., Any]:
    """``--data``: labelled files or directories (train, evaluate, check-data)."""
    return click.option(
        "--data",
        "-d",
        "data",
        multiple=True,
        required=True,
        help="Labelled JSONL/CSV file or directory (repeatable).",
    )(function)


def split_option(function: Callable[..., Any]) -> Callable[..., Any]:
    """``--split``: a JSON file naming the writers held out as the test set."""
    return click.option(
        "--split",
        "split_file",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help='JSON file with {"test_writers": [...]}.',
    )(function)


def message_inputs(function: Callable[..., Any]) -> Callable[..., Any]:
    """Messages as arguments or from ``--input FILE`` (shared by score and rephrase)."""
    options = [
        click.argument("texts", nargs=-1),
        click.option(
            "--input",
            "-i",
            "input_path",
            help="Read messages from FILE: .txt (one per line), .csv (a text column) or .jsonl; '-' for stdin.",
        ),
        click.option(
            "--input-format", type=click.Choice(["txt", "csv", "jsonl"]), help="Override the input format."
        ),
        click.option(
            "--text-field", default="text", show_default=True, help="Column or field holding the text."
        ),
        click.option("--encoding", default="utf-8", show_default=True, help="Encoding of the input file."),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def read_message_inputs(
    texts: tuple[str, ...], input_path: str | None, input_format: str | None, text_field: str, encoding: str
) -> Iterable[Any]:
    """The messages a command was given, from its arguments or its input file."""
    from tone.io.inputs import read_texts, texts_from_arguments

    if bool(texts) == bool(input_path):
        raise click.UsageError("give messages as arguments or with --input FILE (not both, not neither)")
    if input_path:
        return read_texts(input_path, input_format=input_format, text_field=text_field, encoding=encoding)
    return texts_from_arguments(texts)


def _style(text: str, fg: str | None = None, bold: bool | None = None, underline: bool | None = None) -> str:
    return click.style(text, fg=fg, bold=bold, underline=underline)


@main.command()
@message_inputs
@click.option(
    "--format", "-f", "output_format", type=click.Choice(OUTPUT_FORMATS), default="text", show_default=True
)
@click.option("--explain", "-e", is_flag=True, help="Show the words behind each label (always on for json).")
@click.option(
    "--suggest/--no-suggest",
    default=True,
    show_default=True,
    help="Show a gentler rewrite under each criticism/contempt message (text and json).",
)
@model_option
def score(
    texts: tuple[str, ...],
    input_path: str | None,
    input_format: str | None,
    text_field: str,
    encoding: str,
    output_format: str,
    explain: bool,
    suggest: bool,
    model_dir: Path | None,
) -> None:
    """Score messages: labels, per-label probabilities and the words behind them.

    \b
    Examples:
      tone score "You never listen to me" "Thanks for today, I'm proud of you"
      tone score --explain "Oh great, another brilliant idea"
      tone score --input chat.txt --format jsonl > scores.jsonl
      cat messages.csv | tone score -i - --input-format csv --format csv
    """
    from tone.api import Analyzer

    items = read_message_inputs(texts, input_path, input_format, text_field, encoding)
    analyzer = Analyzer(model_dir)
    _freeze_loaded_objects()
    counter = _Counter()
    scored = counter.watch(
        analyzer.score_inputs(
            items,
            explain=explain or output_format == "json",
            suggest=suggest and output_format in ("text", "json"),
        )
    )
    _emit(scored, output_format, analyzer.labels)
    if input_path:
        click.echo(counter.summary(), err=True)


@main.command()
@message_inputs
@click.option(
    "--format",
    "-f",
    "output_format",
    type=click.Choice(["text", "json", "jsonl"]),
    default="text",
    show_default=True,
)
@model_option
def rephrase(
    texts: tuple[str, ...],
    input_path: str | None,
    input_format: str | None,
    text_field: str,
    encoding: str,
    output_format: str,
    model_dir: Path | None,
) -> None:
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

    items = read_message_inputs(texts, input_path, input_format, text_field, encoding)
    rephrased = Analyzer(model_dir).rephrase_many(item.text for item in items if item.text.strip())
    if output_format == "json":
        click.echo(json.dumps([r.to_dict() for r in rephrased], ensure_ascii=False, indent=2))
    elif output_format == "jsonl":
        for line in report.to_jsonl(r.to_dict() for r in rephrased):
            click.echo(line)
    else:
        for item in rephrased:
            click.echo(report.render_rephrased(item, _style) + "\n")


class _Counter:
    """Counts scored and skipped messages while they stream past, for the closing summary."""

    def __init__(self) -> None:
        self.scored = 0
        self.skipped: dict[str, int] = {}

    def watch(self, items: Iterable[Any]) -> Iterator[Any]:
        for item in items:
            if item.result is None:
                self.skipped[item.skipped] = self.skipped.get(item.skipped, 0) + 1
            else:
                self.scored += 1
            yield item

    def summary(self) -> str:
        total = self.scored + sum(self.skipped.values())
        reasons = ", ".join(f"{count} {reason}" for reason, count in sorted(self.skipped.items()))
        skipped = f"{sum(self.skipped.values())} skipped" + (f" ({reasons})" if reasons else "")
        return f"{total} messages read: {self.scored} scored, {skipped}"


def _emit(items: Iterable[Any], output_format: str, labels: tuple[str, ...]) -> None:
    from tone import report

    if output_format == "text":
        for item in items:
            if item.result is None:
                click.echo(f"line {item.line}: skipped ({item.skipped})\n")
            else:
                suggestion = item.suggestions[0].text if item.suggestions else None
                click.echo(report.render_result(item.result, _style, suggestion=suggestion) + "\n")
    elif output_format == "jsonl":
        _echo_lines(report.to_jsonl(report.scored_record(item) for item in items))
    elif output_format == "json":
        records = [report.scored_record(item) for item in items]
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
    else:
        _echo_lines(report.csv_rows(items, labels))


def _echo_lines(lines: Iterable[str], chunk: int = 1024) -> None:
    """Echo lines a chunk at a time: ``click.echo`` flushes on every call."""
    buffer: list[str] = []
    for line in lines:
        buffer.append(line)
        if len(buffer) >= chunk:
            click.echo("\n".join(buffer))
            buffer.clear()
    if buffer:
        click.echo("\n".join(buffer))


@main.command()
@data_option
@click.option(
    "--out",
    "-o",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Directory to write the model to.",
)
@click.option(
    "--test-writers",
    help="Comma-separated writer ids to hold out as the test set (uses each example's 'writer').",
)
@split_option
@click.option(
    "--test-fraction", default=0.2, show_default=True, help="Held-out share when no writers are given."
)
@click.option("--text-column", default="text", show_default=True, help="Column/field holding the text.")
@click.option("--labels-column", default="labels", show_default=True, help="Column/field holding the labels.")
@click.option("--encoding", default="utf-8", show_default=True)
@click.option(
    "--classifier", type=click.Choice(["logreg", "svm", "cnb"]), default="logreg", show_default=True
)
@click.option("--seed", default=13, show_default=True)
@click.option("--name", default="", help="A name for the model, stored in its card.")
@click.option(
    "--base",
    type=click.Choice(["none", "default"]),
    default="none",
    show_default=True,
    help="'default' adds tone's own labelled corpus to your data; 'none' trains on yours alone.",
)
def train(
    data: tuple[str, ...],
    out: Path,
    test_writers: str | None,
    split_file: Path | None,
    test_fraction: float,
    text_column: str,
    labels_column: str,
    encoding: str,
    classifier: str,
    seed: int,
    name: str,
    base: str,
) -> None:
    """Train a model on your labelled data and print its held-out metrics.

    The labels come from the data: any label set works (e.g. add 'defensiveness').
    Data is JSONL {"text", "labels": [...]} (also spaCy/Prodigy 'cats'/'accept'),
    or CSV with text + labels as a|b, or one 0/1 column per label.

    \b
    Example:
      tone train --data my_labels.csv --out models/mine
    """
    from tone import report
    from tone.api import train_model
    from tone.model import PipelineConfig

    writers = _test_writers(test_writers, split_file)
    result = train_model(
        list(data),
        out,
        test_writers=writers,
        test_fraction=test_fraction,
        config=PipelineConfig(classifier=classifier),
        text_field=text_column,
        labels_field=labels_column,
        encoding=encoding,
        progress=lambda message: click.echo(f"  … {message}", err=True),
        seed=seed,
        name=name,
        base=base,
    )
    click.echo(f"trained on {result.n_train} messages; held out {result.n_test} ({result.split})")
    if result.dropped_near_duplicates:
        click.echo(f"dropped {result.dropped_near_duplicates} held-out near-duplicates of training messages")
    click.echo(report.render_metrics(result.metrics, title="held-out metrics"))
    if result.comparison:
        click.echo("\n" + report.render_comparison(result.metrics, result.comparison))
    click.echo(f"model written to {result.out}")


def _test_writers(option: str | None, split_file: Path | None) -> list[str] | None:
    if option:
        return [w.strip() for w in option.split(",") if w.strip()]
    if split_file:
        try:
            return list(json.loads(split_file.read_text(encoding="utf-8"))["test_writers"])
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise DataError(f'expected {{"test_writers": [...]}} ({exc})', path=split_file) from None
    return None


@main.command()
@data_option
@click.option(
    "--format", "-f", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option("--errors", "show_errors", is_flag=True, help="Also list the messages the model gets wrong.")
@click.option("--limit", default=50, show_default=True, help="How many mistakes to list with --errors.")
@model_option
def evaluate(
    data: tuple[str, ...], output_format: str, show_errors: bool, limit: int, model_dir: Path | None
) -> None:
    """Per-label precision, recall, F1, PR-AUC and support of a model on labelled data.

    \b
    Example:
      tone evaluate --data data/corpus --errors
      tone evaluate --data test.jsonl --format json > report.json
    """
    from tone import report
    from tone.api import evaluate_model

    result = evaluate_model(list(data), model=model_dir, with_errors=show_errors)
    if output_format == "json":
        payload: dict[str, Any] = {"model": result.model, "data": result.data, **result.metrics}
        if show_errors:
            payload["errors"] = [vars(m) for m in result.mistakes[:limit]]
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False, default=list))
        return
    click.echo(report.render_metrics(result.metrics, title=f"{result.model} on {', '.join(result.data)}"))
    if show_errors:
        click.echo(
            f"\n{len(result.mistakes)} mistakes"
            + (f" (first {limit})" if len(result.mistakes) > limit else "")
        )
        for block in report.render_mistakes(result.mistakes, limit):
            click.echo(block)


@main.command()
@click.argument("export", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--out",
    "-o",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Directory for the outputs.",
)
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
    _freeze_loaded_objects()
    writer = report.ExportWriter(out, analysis.analyzer.labels)
    for item in _progress(analysis.messages(), "scoring"):
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


def _freeze_loaded_objects() -> None:
    """Leave what is loaded so far (libraries, the model) out of garbage collection.

    It lives until the command ends, yet every full collection walked all of it: scoring
    was ~15% faster without that (100 -> 85 us per message). Full collections are also made
    rarer (after 1,000 younger ones instead of 10): scoring keeps a batch of results and
    caches that grow (chunks, n-gram ids) alive, which every full collection walked again,
    ~10% of scoring's CPU; what scoring discards is freed by reference counting, not by the
    collector. An application's choice, so it is made here, not in the library.
    """
    import gc

    gc.freeze()
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, 1000)


def _progress(items: Iterable[Any], label: str, every: int = 5000) -> Iterator[Any]:
    """Count items on stderr while they stream (only on a terminal; the length is unknown)."""
    show = sys.stderr.isatty()
    count = 0
    for count, item in enumerate(items, start=1):
        if show and count % every == 0:
            click.echo(f"\r{label}: {count:,} messages", err=True, nl=False)
        yield item
    if show and count >= every:
        click.echo(f"\r{label}: {count:,} messages", err=True)


@main.command()
@click.argument("directories", nargs=-1, type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--format", "-f", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def models(directories: tuple[Path, ...], output_format: str) -> None:
    """List available models with their cards (labels, thresholds, held-out macro-F1).

    Looks in the shipped models/ folder, $TONE_MODEL and any DIRECTORIES given
    (a model directory, or a folder of them).

    \b
    Example:
      tone models
      tone models ~/my-models --format json
    """
    from tone import report
    from tone.api import list_models

    found = list_models(list(directories))
    if output_format == "json":
        click.echo(json.dumps([{"path": str(path), **card} for path, card in found], indent=2))
    else:
        click.echo(report.render_models(found))


@main.command()
@click.argument("source", metavar="FILE_OR_EXPORT", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--out",
    "-o",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="JSONL file to append labels to; rerun with the same file to resume.",
)
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
    from tone import report
    from tone.annotate import open_session, parse_labels

    interactive = sys.stdin.isatty()
    if interactive:
        click.echo("ranking messages by how unsure the model is…", err=True)
    session = open_session(
        source, out, model=model_dir, labels=parse_labels(new_labels), input_format=input_format, limit=limit
    )
    notices = _label_loop(session, _key_batches(interactive), clear=interactive)
    click.echo("\n".join([*notices, report.render_label_summary(session.summary())]))


def _label_loop(session: LabelSession, batches: Iterator[list[str]], *, clear: bool) -> list[str]:
    """Show a card, act on the next keys, repeat; returns the notices not shown yet."""
    from tone import report

    notices: list[str] = []
    while (card := session.card()) is not None and not session.finished:
        if clear:
            click.clear()
        click.echo("\n".join([*notices, report.render_label_card(card, _style)]))
        notices = []
        for key in next(batches, [QUIT]):
            notice = report.render_key_outcome(session.press(key))
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


@main.command("check-data")
@data_option
@split_option
@click.option(
    "--min-label", default=0, show_default=True, help="Fail (exit 1) if a label has fewer examples."
)
@click.option(
    "--min-none-share",
    default=0.0,
    show_default=True,
    help="Fail (exit 1) if unlabelled messages are a smaller share.",
)
@click.option(
    "--format", "-f", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def check_data(
    data: tuple[str, ...], split_file: Path | None, min_label: int, min_none_share: float, output_format: str
) -> None:
    """Check a labelled corpus: schema, duplicates, label balance, lengths and registers.

    \b
    Example:
      tone check-data --data data/corpus --split data/splits.json --min-label 1000
    """
    from tone import report
    from tone.datacheck import as_dict, check_corpus

    result = check_corpus(list(data), test_writers=_test_writers(None, split_file))
    if output_format == "json":
        click.echo(json.dumps(as_dict(result), indent=2, ensure_ascii=False))
    else:
        click.echo(report.render_corpus_report(result))
    problems = result.problems(min_label=min_label, min_none_share=min_none_share)
    for problem in problems:
        click.echo(f"problem: {problem}", err=True)
    if problems:
        raise SystemExit(1)


def run() -> None:
    """The ``tone`` console script: :func:`main`, then leave without tearing Python down.

    Python's shutdown frees every object one by one; with spaCy, scikit-learn and a model
    loaded that took 0.2-0.3 s of a 1.6 s ``tone score "x"``. By the time a command returns,
    everything it wrote is closed, so the script flushes the standard streams and exits at
    once. Tests call :func:`main` (CliRunner), which keeps the ordinary shutdown.
    """
    try:
        main()
        code: Any = 0
    except SystemExit as done:
        code = done.code
    if code is not None and not isinstance(code, int):
        click.echo(code, err=True)
        code = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):
        code = code or 1
    os._exit(code or 0)


if __name__ == "__main__":  # pragma: no cover
    run()
