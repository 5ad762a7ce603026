"""Evaluate a tone model on text nobody on the project wrote: proxy mappings of public datasets.

Reads ``../shared/datasets`` (outside the project; never copied into it, never trained on)
and reports, per proxy, the share of rows the model labels as the proxy expects and the
false-alarm rate on rows expected to carry no tone. The mappings follow the datasets'
README; most are rough (its "quality" column), so read the numbers as a direction, not a
grade.

    python scripts/eval_external.py [--datasets DIR] [--model DIR] [--json docs/external.json]
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from tone.api import Analyzer

SECOND_PERSON = re.compile(r"\b(you|your|you're|youre|yours|yourself|u|ur)\b", re.I)
REQUEST = re.compile(r"\b(could|can|would|will) you\b|\bplease\b", re.I)
GOEMOTIONS = [
    "admiration",
    "amusement",
    "anger",
    "annoyance",
    "approval",
    "caring",
    "confusion",
    "curiosity",
    "desire",
    "disappointment",
    "disapproval",
    "disgust",
    "embarrassment",
    "excitement",
    "fear",
    "gratitude",
    "grief",
    "joy",
    "love",
    "nervousness",
    "optimism",
    "pride",
    "realization",
    "relief",
    "remorse",
    "sadness",
    "surprise",
    "neutral",
]
NEGATIVE = {"anger", "annoyance", "disapproval", "disgust"}


@dataclass(frozen=True)
class Proxy:
    """A slice of a public dataset and what a good model should say about it."""

    name: str
    quality: str
    rows: Callable[[Path], Iterator[str]]
    expected: frozenset[str]  # any of these labels counts as a hit; empty = expect no label


def goemotions(root: Path) -> Iterator[tuple[str, set[str]]]:
    for split in ("train", "dev", "test"):
        with (root / "goemotions" / f"{split}.tsv").open(encoding="utf-8") as handle:
            for line in handle:
                text, ids, _ = line.rstrip("\n").split("\t")
                yield text, {GOEMOTIONS[int(i)] for i in ids.split(",")}


def go_support(root: Path, second_person: bool = False) -> Iterator[str]:
    for text, emotions in goemotions(root):
        supportive = emotions & {"caring", "gratitude", "admiration"} and not emotions & NEGATIVE
        if supportive and (not second_person or SECOND_PERSON.search(text)):
            yield text


def go_neutral(root: Path) -> Iterator[str]:
    return (text for text, emotions in goemotions(root) if emotions == {"neutral"})


def go_negative_you(root: Path) -> Iterator[str]:
    return (text for text, emotions in goemotions(root) if emotions & NEGATIVE and SECOND_PERSON.search(text))


QUARTILES = {"wikipedia": (-0.443, 0.514), "stack-exchange": (-0.344, 0.421)}


def politeness(root: Path, top: bool) -> Iterator[str]:
    for domain, (q1, q3) in QUARTILES.items():
        with (root / "stanford-politeness" / f"{domain}.annotated.csv").open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                score, text = float(row["Normalized Score"]), row["Request"]
                if (top and score >= q3 and REQUEST.search(text)) or (
                    not top and score <= q1 and SECOND_PERSON.search(text)
                ):
                    yield text


def paradetox(root: Path, toxic: bool) -> Iterator[str]:
    with (root / "paradetox" / "paradetox.tsv").open(encoding="utf-8") as handle:
        next(handle)
        for line in handle:
            fields = ([*line.rstrip("\n").split("\t"), "", "", "", ""])[:4]
            if toxic and SECOND_PERSON.search(fields[0]):
                yield fields[0]
            elif not toxic and SECOND_PERSON.search(fields[0]):
                yield from (f for f in fields[1:] if f.strip())


def sarcasm(root: Path, sarcastic: bool) -> Iterator[str]:
    with (root / "isarcasmeval" / "train.En.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            is_sarcasm = row["sarcastic"] == "1"
            if (
                sarcastic
                and is_sarcasm
                and row["sarcasm"] == "1"
                and re.search(r"@|\byou\b", row["tweet"], re.I)
            ) or (not sarcastic and not is_sarcasm):
                yield row["tweet"]


PROXIES = [
    Proxy("GoEmotions caring/gratitude/admiration → support", "good", go_support, frozenset({"support"})),
    Proxy("  … addressed to 'you'", "good", lambda r: go_support(r, True), frozenset({"support"})),
    Proxy("GoEmotions neutral only → none", "good", go_neutral, frozenset()),
    Proxy(
        "GoEmotions anger/annoyance/disgust + 'you' → criticism|contempt",
        "poor–moderate",
        go_negative_you,
        frozenset({"criticism", "contempt"}),
    ),
    Proxy(
        "Politeness top quartile with a request → need",
        "moderate",
        lambda r: politeness(r, True),
        frozenset({"need"}),
    ),
    Proxy(
        "Politeness bottom quartile + 'you' → criticism|contempt",
        "poor–moderate",
        lambda r: politeness(r, False),
        frozenset({"criticism", "contempt"}),
    ),
    Proxy(
        "ParaDetox toxic + 'you' → contempt|criticism",
        "moderate",
        lambda r: paradetox(r, True),
        frozenset({"criticism", "contempt"}),
    ),
    Proxy("ParaDetox detoxified rewrites → none", "moderate", lambda r: paradetox(r, False), frozenset()),
    Proxy(
        "iSarcasmEval sarcasm at someone → contempt",
        "poor–moderate",
        lambda r: sarcasm(r, True),
        frozenset({"contempt"}),
    ),
    Proxy("iSarcasmEval not sarcastic → none", "good", lambda r: sarcasm(r, False), frozenset()),
]


def evaluate_proxy(analyzer: Analyzer, proxy: Proxy, root: Path) -> dict[str, object]:
    texts = list(dict.fromkeys(t for t in proxy.rows(root) if t.strip()))
    results = list(analyzer.score_many(texts))
    counts = {label: sum(label in r.labels for r in results) for label in analyzer.labels}
    n = max(len(results), 1)
    entry: dict[str, object] = {"proxy": proxy.name, "quality": proxy.quality, "n": len(results)}
    if proxy.expected:
        entry["as_expected"] = round(sum(bool(set(r.labels) & proxy.expected) for r in results) / n, 4)
    else:
        entry["as_expected"] = round(sum(not r.labels for r in results) / n, 4)
    entry["false_alarm"] = round(sum(bool(set(r.labels) - proxy.expected) for r in results) / n, 4)
    entry["label_rates"] = {label: round(c / n, 4) for label, c in counts.items()}
    return entry


def render(rows: Iterable[dict[str, object]]) -> str:
    lines = [f"{'proxy':<66}{'quality':>15}{'n':>7}{'as expected':>13}{'other labels':>14}"]
    for row in rows:
        lines.append(
            f"{row['proxy']:<66}{row['quality']:>15}{row['n']:>7}{row['as_expected']:>13.1%}{row['false_alarm']:>14.1%}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--datasets", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "datasets"
    )
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--json", type=Path, default=None, help="Also write the results as JSON here.")
    args = parser.parse_args(argv)
    if not args.datasets.is_dir():
        print(
            f"skipped: {args.datasets} not found (the public datasets live outside the project)",
            file=sys.stderr,
        )
        return 0
    analyzer = Analyzer(args.model)
    rows = [evaluate_proxy(analyzer, proxy, args.datasets) for proxy in PROXIES]
    print(render(rows))
    print("\n'as expected': share with an expected label (for '→ none' rows: share with no label);")
    print("'other labels': share with a label the proxy does not expect (false alarms).")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
