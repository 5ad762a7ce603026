"""Synthetic chat exports for ``make bench``: WhatsApp Android ``.txt`` and Telegram ``result.json``.

Bodies are the project's own labelled corpus (``data/corpus/*.jsonl``) cut and recombined
into typical chat lengths: many one-to-four-word replies, most messages a single corpus
line, some two to four lines run together, capped at 60 words. A few percent of WhatsApp
messages span several lines, and both formats carry media and system/service messages.
Everything is drawn from one seeded generator, so the same size always gives the same file.

    python bench/generate.py --sizes 10000,100000 --out bench/out
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus"
OUT = Path(__file__).resolve().parent / "out"
SIZES = (10_000, 100_000, 1_000_000)
SEED = 7
MAX_WORDS = 60
SENDERS = ("Maya Lopez", "Sam", "Priya K", "Jonas")
START = datetime(2019, 3, 2, 8, 15)


@dataclass(frozen=True, slots=True)
class Event:
    """One line of chat history: a text, a media placeholder or a system notice."""

    kind: str  # "text", "media" or "system"
    when: datetime
    sender: str
    text: str


def corpus_texts(corpus: Path = CORPUS) -> list[str]:
    """Every text of the labelled corpus, in file order (one line each)."""
    texts = []
    for path in sorted(corpus.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(" ".join(json.loads(line)["text"].split()))
    if not texts:
        raise SystemExit(f"no texts in {corpus}/*.jsonl to build messages from")
    return texts


def body(rng: random.Random, texts: list[str]) -> str:
    """A typical chat body of 1-60 words: a short reply, one corpus line, or a few run together."""
    roll = rng.random()
    if roll < 0.30:
        words = rng.choice(texts).split()
        return " ".join(words[: rng.randint(1, 4)])
    if roll < 0.80:
        return rng.choice(texts)
    joined = " ".join(rng.choice(texts) for _ in range(rng.randint(2, 4) if roll > 0.95 else 2))
    return " ".join(joined.split()[:MAX_WORDS])


def _gap(rng: random.Random) -> int:
    """Seconds to the next message: bursts of replies, a pause now and then, a night a day.

    About 4 minutes on average, so 1M messages span ~8 years (~400 weeks), 10k about a month.
    """
    roll = rng.random()
    if roll < 1 / 400:
        return rng.randint(6 * 3600, 10 * 3600)
    if roll < 1 / 40:
        return rng.randint(20 * 60, 2 * 3600)
    return rng.randint(2, 150)


def events(count: int, texts: list[str], seed: int = SEED) -> Iterator[Event]:
    """``count`` chat events: ~93% text, ~5% media, ~2% system notices."""
    rng = random.Random(seed)
    when = START
    for _ in range(count):
        when += timedelta(seconds=_gap(rng))
        sender = rng.choice(SENDERS)
        roll = rng.random()
        if roll < 0.05:
            yield Event("media", when, sender, "")
        elif roll < 0.07:
            yield Event("system", when, sender, "")
        else:
            yield Event("text", when, sender, body(rng, texts))


def write_whatsapp(path: Path, count: int, texts: list[str], seed: int = SEED) -> None:
    """A WhatsApp Android export: ``d/m/yyyy, HH:MM - Sender: text``; ~3% of texts multi-line."""
    rng = random.Random(seed + 1)
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.write(
            f"{START.day}/{START.month}/{START.year}, 08:00 - Messages and calls are end-to-end "
            "encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. "
            "Tap to learn more.\n"
        )
        for event in events(count, texts, seed):
            stamp = f"{event.when.day}/{event.when.month}/{event.when.year}, {event.when:%H:%M}"
            if event.kind == "media":
                out.write(f"{stamp} - {event.sender}: <Media omitted>\n")
            elif event.kind == "system":
                out.write(f"{stamp} - {event.sender} changed the group description\n")
            elif rng.random() < 0.03 and " " in event.text:
                words = event.text.split(" ")
                cut = rng.randint(1, len(words) - 1)
                out.write(f"{stamp} - {event.sender}: {' '.join(words[:cut])}\n{' '.join(words[cut:])}\n")
            else:
                out.write(f"{stamp} - {event.sender}: {event.text}\n")


def _telegram_message(number: int, event: Event, rng: random.Random) -> dict[str, object]:
    base: dict[str, object] = {
        "id": number,
        "type": "service" if event.kind == "system" else "message",
        "date": event.when.isoformat(timespec="seconds"),
        "date_unixtime": str(int(event.when.replace(tzinfo=UTC).timestamp())),
    }
    user_id = f"user{100 + SENDERS.index(event.sender)}"
    if event.kind == "system":
        return {**base, "actor": event.sender, "actor_id": user_id, "action": "pin_message", "text": ""}
    base.update({"from": event.sender, "from_id": user_id})
    if event.kind == "media":
        return {**base, "photo": "(File not included.)", "width": 1280, "height": 960, "text": ""}
    words = event.text.split(" ")
    if rng.random() < 0.04 and len(words) > 2:  # some messages carry formatting entities
        bold = words[1]
        text: object = [f"{words[0]} ", {"type": "bold", "text": bold}, " " + " ".join(words[2:])]
        entities = [
            {"type": "plain", "text": f"{words[0]} "},
            {"type": "bold", "text": bold},
            {"type": "plain", "text": " " + " ".join(words[2:])},
        ]
        return {**base, "text": text, "text_entities": entities}
    return {**base, "text": event.text, "text_entities": [{"type": "plain", "text": event.text}]}


def write_telegram(path: Path, count: int, texts: list[str], seed: int = SEED) -> None:
    """A Telegram Desktop single-chat ``result.json``, written message by message."""
    rng = random.Random(seed + 2)
    with path.open("w", encoding="utf-8") as out:
        out.write('{\n "name": "Maya Lopez",\n "type": "personal_chat",\n "id": 4242,\n "messages": [')
        for number, event in enumerate(events(count, texts, seed), start=1):
            out.write("," if number > 1 else "")
            out.write("\n  " + json.dumps(_telegram_message(number, event, rng), ensure_ascii=False))
        out.write("\n ]\n}\n")


def write_messages(path: Path, count: int, texts: list[str], seed: int = SEED) -> None:
    """The text messages alone, one per line, for ``tone score --input`` (multi-line ones joined)."""
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for event in events(count, texts, seed):
            if event.kind == "text":
                out.write(event.text + "\n")


WRITERS = {"whatsapp": write_whatsapp, "telegram": write_telegram, "messages": write_messages}


def export_paths(size: int, out: Path = OUT) -> dict[str, Path]:
    """The files of one size: ``whatsapp`` (.txt), ``telegram`` (result.json), ``messages`` (.txt)."""
    return {
        "messages": out / f"messages_{size}.txt",
        "whatsapp": out / f"whatsapp_{size}.txt",
        "telegram": out / f"telegram_{size}" / "result.json",
    }


def generate(sizes: tuple[int, ...] = SIZES, out: Path = OUT, force: bool = False) -> None:
    """Write the exports of each size that is missing (or all, with ``force``).

    Files written by another version of this generator are rewritten: ``out/.generator``
    holds the hash of the source that wrote them.
    """
    stamp = out / ".generator"
    version = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
    if not stamp.exists() or stamp.read_text().strip() != version:
        force = True
    out.mkdir(parents=True, exist_ok=True)
    stamp.write_text(version + "\n")
    texts: list[str] | None = None
    for size in sizes:
        for kind, path in export_paths(size, out).items():
            if path.exists() and not force:
                continue
            texts = texts or corpus_texts()
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(".partial")
            WRITERS[kind](partial, size, texts)
            partial.replace(path)
            shown = path.relative_to(ROOT) if path.resolve().is_relative_to(ROOT) else path
            print(f"wrote {shown} ({path.stat().st_size / 1e6:.1f} MB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="comma-separated message counts")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--force", action="store_true", help="rewrite files that already exist")
    args = parser.parse_args()
    generate(tuple(int(s) for s in args.sizes.split(",")), args.out, args.force)


if __name__ == "__main__":
    main()
