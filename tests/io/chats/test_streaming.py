"""Reading a long chat must not hold it in memory: records() streams (checked with tracemalloc).

The bound is on the peak of Python allocations while iterating 50,000 messages; a parser
that kept every message would need tens of megabytes, a streaming one a small constant.
"""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

from tone.io.chats import read_chat

N = 50_000
PEAK_LIMIT = 4 * 1024 * 1024  # bytes; keeping 50k Message objects alone would exceed this


def _peak_while_iterating(path: Path, format: str) -> tuple[int, int]:
    chat = read_chat(path, format)
    tracemalloc.start()
    try:
        count = sum(1 for _ in chat.records())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return count, peak


def test_whatsapp_50k_messages_stream_in_constant_memory(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    with open(path, "w", encoding="utf-8") as f:
        for i in range(N):
            day = i // 2000 % 28 + 1
            f.write(f"{day:02d}/01/2024, {i // 60 % 24:02d}:{i % 60:02d} - User {i % 7}: message {i}\n")
            if i % 10 == 0:
                f.write("a second line\n")
    count, peak = _peak_while_iterating(path, "whatsapp")
    assert count == N
    assert peak < PEAK_LIMIT


def test_telegram_50k_messages_stream_in_constant_memory(tmp_path: Path) -> None:
    path = tmp_path / "result.json"
    with open(path, "w", encoding="utf-8") as f:
        f.write('{"name": "Big", "type": "private_group", "id": 1, "messages": [\n')
        for i in range(N):
            msg = {
                "id": i,
                "type": "message",
                "date": "2024-01-05T21:07:13",
                "date_unixtime": str(1704485233 + i),
                "from": f"User {i % 7}",
                "text": ["hello ", {"type": "bold", "text": f"number {i}"}],
            }
            f.write(("," if i else "") + json.dumps(msg) + "\n")
        f.write("]}\n")
    count, peak = _peak_while_iterating(path, "telegram")
    assert count == N
    assert peak < PEAK_LIMIT
