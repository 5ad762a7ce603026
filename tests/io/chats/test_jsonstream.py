"""The streaming escape repair gives the same bytes whatever the chunk size."""

from __future__ import annotations

import io
import json

import pytest

from tone.io.chats._jsonstream import EscapeRepairingReader

RAW = rb'{"a": "x\x0By", "b": "\\x41", "c": "\\\x0C", "d": "\\\\x42 \x1f"}'


@pytest.mark.parametrize("chunk_size", [1, 2, 3, 4, 5, 7, 64])
def test_repair_is_independent_of_chunk_boundaries(chunk_size: int) -> None:
    repaired = EscapeRepairingReader(io.BytesIO(RAW), chunk_size=chunk_size).read()
    assert json.loads(repaired) == {"a": "x\x0by", "b": "\\x41", "c": "\\\x0c", "d": "\\\\x42 \x1f"}


def test_only_an_odd_run_of_backslashes_is_an_escape() -> None:
    out = EscapeRepairingReader(io.BytesIO(rb'"\\x41" "\\\x41"')).read()
    assert out == rb'"\\x41" "\\\u0041"'
