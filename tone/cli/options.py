"""The options several commands share, and reading the messages a command was given."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from tone.io.inputs import InputText


def format_option(*choices: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--format``/``-f``: the output format, one of ``choices`` (``text`` by default)."""
    return click.option(
        "--format", "-f", "output_format", type=click.Choice(choices), default="text", show_default=True
    )


#: ``--model``: the model to use (the shipped one unless told otherwise).
model_option = click.option(
    "--model",
    "model_dir",
    envvar="TONE_MODEL",
    type=click.Path(file_okay=False, path_type=Path),
    help="Model directory (default: the shipped model; env TONE_MODEL).",
)

#: ``--data``: labelled files or directories (train, evaluate, check-data).
data_option = click.option(
    "--data",
    "-d",
    "data",
    multiple=True,
    required=True,
    help="Labelled JSONL/CSV file or directory (repeatable).",
)

#: ``--split``: a JSON file naming the writers held out as the test set.
split_option = click.option(
    "--split",
    "split_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help='JSON file with {"test_writers": [...]}.',
)


def out_option(help: str, *, directory: bool = True) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--out``/``-o``: where a command writes, a directory or (``directory=False``) a file."""
    path = (
        click.Path(file_okay=False, path_type=Path)
        if directory
        else click.Path(dir_okay=False, path_type=Path)
    )
    return click.option("--out", "-o", required=True, type=path, help=help)


@dataclass(frozen=True)
class MessageInputs:
    """The messages a command was given: as arguments, or a file (``-`` for stdin) to read."""

    texts: tuple[str, ...]
    path: str | None
    format: str | None
    text_field: str
    encoding: str

    def read(self) -> Iterable[InputText]:
        """The messages, one record each; a usage error unless exactly one way was used."""
        from tone.io.inputs import read_texts, texts_from_arguments

        if bool(self.texts) == bool(self.path):
            raise click.UsageError("give messages as arguments or with --input FILE (not both, not neither)")
        if self.path:
            return read_texts(
                self.path, input_format=self.format, text_field=self.text_field, encoding=self.encoding
            )
        return texts_from_arguments(self.texts)


def message_inputs(function: Callable[..., Any]) -> Callable[..., Any]:
    """Messages as arguments or from ``--input FILE``, passed on as ``inputs`` (:class:`MessageInputs`)."""

    @functools.wraps(function)
    def command(
        texts: tuple[str, ...],
        input_path: str | None,
        input_format: str | None,
        text_field: str,
        encoding: str,
        **options: Any,
    ) -> Any:
        return function(MessageInputs(texts, input_path, input_format, text_field, encoding), **options)

    decorators = [
        click.argument("texts", nargs=-1),
        click.option(
            "--input",
            "-i",
            "input_path",
            help="Read messages from FILE: .txt (one per line), .csv (a text column) or .jsonl; '-' for stdin (JSON lines if its first line is a JSON object).",
        ),
        click.option(
            "--input-format", type=click.Choice(["txt", "csv", "jsonl"]), help="Override the input format."
        ),
        click.option(
            "--text-field", default="text", show_default=True, help="Column or field holding the text."
        ),
        click.option("--encoding", default="utf-8", show_default=True, help="Encoding of the input file."),
    ]
    for decorator in reversed(decorators):
        command = decorator(command)
    return command


def test_writers_from(option: str | None, split_file: Path | None) -> list[str] | None:
    """The held-out writers: ``--test-writers a,b`` first, else those the ``--split`` file names."""
    if option:
        return [w.strip() for w in option.split(",") if w.strip()]
    if split_file:
        from tone.io.datasets import read_test_writers

        return read_test_writers(split_file)
    return None
