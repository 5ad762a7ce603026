"""The options several commands share, and reading the messages a command was given."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import click


def format_option(*choices: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--format``/``-f``: the output format, one of ``choices`` (``text`` by default)."""
    return click.option(
        "--format", "-f", "output_format", type=click.Choice(choices), default="text", show_default=True
    )


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


def test_writers_from(option: str | None, split_file: Path | None) -> list[str] | None:
    """The held-out writers: ``--test-writers a,b`` first, else those the ``--split`` file names."""
    if option:
        return [w.strip() for w in option.split(",") if w.strip()]
    if split_file:
        from tone.io.datasets import read_test_writers

        return read_test_writers(split_file)
    return None
