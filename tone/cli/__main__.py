"""``python -m tone.cli``: the ``tone`` console script."""

from tone.cli import run

if __name__ == "__main__":  # pragma: no cover
    run()
