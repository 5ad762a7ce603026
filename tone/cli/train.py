"""Commands about models and their data: ``train``, ``evaluate``, ``models``, ``check-data``."""

from __future__ import annotations

import json
from pathlib import Path

import click

from tone.cli.options import (
    data_option,
    format_option,
    model_option,
    out_option,
    split_option,
    test_writers_from,
)


@click.command()
@data_option
@out_option("Directory to write the model to.")
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
    from tone.api import train_model
    from tone.model import PipelineConfig
    from tone.report_models import render_training

    writers = test_writers_from(test_writers, split_file)
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
    click.echo(render_training(result))


@click.command()
@data_option
@format_option("text", "json")
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
    from tone.api import evaluate_model
    from tone.report_models import render_evaluation

    result = evaluate_model(list(data), model=model_dir, with_errors=show_errors)
    errors = limit if show_errors else None
    if output_format == "json":
        click.echo(json.dumps(result.to_dict(errors), indent=2, ensure_ascii=False, default=list))
    else:
        click.echo(render_evaluation(result, errors))


@click.command()
@click.argument("directories", nargs=-1, type=click.Path(file_okay=False, path_type=Path))
@format_option("text", "json")
def models(directories: tuple[Path, ...], output_format: str) -> None:
    """List available models with their cards (labels, thresholds, held-out macro-F1).

    Looks in the shipped models/ folder, $TONE_MODEL and any DIRECTORIES given
    (a model directory, or a folder of them).

    \b
    Example:
      tone models
      tone models ~/my-models --format json
    """
    from tone.api import list_models
    from tone.report_models import render_models

    found = list_models(list(directories))
    if output_format == "json":
        click.echo(json.dumps([{"path": str(path), **card} for path, card in found], indent=2))
    else:
        click.echo(render_models(found))


@click.command("check-data")
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
@format_option("text", "json")
def check_data(
    data: tuple[str, ...], split_file: Path | None, min_label: int, min_none_share: float, output_format: str
) -> None:
    """Check a labelled corpus: schema, duplicates, label balance, lengths and registers.

    \b
    Example:
      tone check-data --data data/corpus --split data/splits.json --min-label 1000
    """
    from tone.datacheck import as_dict, check_corpus
    from tone.report_models import render_corpus_report

    result = check_corpus(list(data), test_writers=test_writers_from(None, split_file))
    if output_format == "json":
        click.echo(json.dumps(as_dict(result), indent=2, ensure_ascii=False))
    else:
        click.echo(render_corpus_report(result))
    problems = result.problems(min_label=min_label, min_none_share=min_none_share)
    for problem in problems:
        click.echo(f"problem: {problem}", err=True)
    if problems:
        raise SystemExit(1)
