"""Errors that tone raises, written for the people who will read them.

Every error is one line: what went wrong, where (file and line when there is one) and how
to fix it. The CLI turns them into ``click`` errors in one place; the library never prints.
Each class carries a stable ``code`` so scripts and tests can tell errors apart without
matching text.
"""

from __future__ import annotations

from pathlib import Path


class ToneError(Exception):
    """Base class for every error tone raises on purpose."""

    code = "E000"
    #: exit status the CLI uses: 1 for runtime problems, 2 for bad input / usage.
    exit_code = 1

    def __init__(self, message: str, *, path: str | Path | None = None, line: int | None = None):
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line is not None else f"{self.path}: "
        return f"{where}{self.message}"


class InputError(ToneError):
    """A file or argument the user gave cannot be read as what was expected."""

    code = "E100"
    exit_code = 2


class DataError(InputError):
    """Labelled training or evaluation data is invalid (schema, labels, encoding)."""

    code = "E110"

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        problems: list[str] | None = None,
    ):
        super().__init__(message, path=path, line=line)
        #: every ``FILE:LINE: problem`` found, when validation collected several.
        self.problems = problems or []


class FormatError(InputError):
    """A chat export could not be recognised or parsed."""

    code = "E120"


class ModelError(ToneError):
    """A model directory is missing, incomplete, tampered with or cannot be loaded."""

    code = "E200"
