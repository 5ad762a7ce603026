"""What commands share about the terminal: colour, progress on stderr, and the memory
choice an application makes for itself (leaving what is loaded out of garbage collection).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import Any

import click


def style(text: str, fg: str | None = None, bold: bool | None = None, underline: bool | None = None) -> str:
    """``click.style`` as a :class:`tone.report.Styler`: how reports colour text on a terminal."""
    return click.style(text, fg=fg, bold=bold, underline=underline)


def freeze_loaded_objects() -> None:
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


def show_progress(items: Iterable[Any], label: str, every: int = 5000) -> Iterator[Any]:
    """Count items on stderr while they stream (only on a terminal; the length is unknown)."""
    show = sys.stderr.isatty()
    count = 0
    for count, item in enumerate(items, start=1):
        if show and count % every == 0:
            click.echo(f"\r{label}: {count:,} messages", err=True, nl=False)
        yield item
    if show and count >= every:
        click.echo(f"\r{label}: {count:,} messages", err=True)
