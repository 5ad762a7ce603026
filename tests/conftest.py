"""Shared fixtures: a tiny labelled set written for the tests and a model trained on it.

The tiny model is trained once per session (about a second) so tests never depend on the
shipped model's exact numbers, except the tests that are about the shipped model.
"""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
TINY = DATA / "tiny.jsonl"


@pytest.fixture(scope="session")
def tiny_examples():
    from tone.io.datasets import read_examples

    return read_examples([TINY])


@pytest.fixture(scope="session")
def tiny_model(tiny_examples):
    from tone.model import PipelineConfig
    from tone.train import fit_model

    model, _ = fit_model(
        tiny_examples, ["criticism", "contempt", "support", "need"], config=PipelineConfig(min_df=1)
    )
    return model


@pytest.fixture(scope="session")
def tiny_model_dir(tiny_model, tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("models") / "tiny"
    tiny_model.card.name = "tiny"
    tiny_model.save(directory)
    return directory


def write(path: Path, content: str | bytes) -> Path:
    """Write a test file (bytes are written as-is, for encoding tests)."""
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path
