"""The ``tone`` command line: parse options, call one ``tone.api`` function, render.

Commands live one group to a module (:mod:`~tone.cli.score`, :mod:`~tone.cli.train`,
:mod:`~tone.cli.analyze`, :mod:`~tone.cli.label`), the options they share in
:mod:`~tone.cli.options` and terminal helpers in :mod:`~tone.cli.terminal`. Library errors
(``ToneError``) become one-line messages with the right exit status here, in one place;
nothing below this package knows about Click.
"""

from __future__ import annotations

import os
import sys
import warnings
from typing import Any

import click

from tone import __version__
from tone.cli.analyze import analyze
from tone.cli.label import label
from tone.cli.score import rephrase, score
from tone.cli.train import check_data, evaluate, models, train
from tone.errors import ToneError


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


for _command in (score, rephrase, train, evaluate, analyze, models, label, check_data):
    main.add_command(_command)


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
