"""Annotation consistency: Cohen's kappa per label between the corpus and an independent pass.

    python scripts/agreement.py [--relabel data/annotation/relabel_300.jsonl] [--out docs/annotation.md]

The independent pass labelled a random sample (data/annotation/sample_300.jsonl) from
data/GUIDELINES.md alone, blind to the corpus labels.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from tone.model import DEFAULT_LABELS

ROOT = Path(__file__).resolve().parents[1]


def cohen_kappa(a: list[bool], b: list[bool]) -> float:
    """Cohen's kappa for two binary annotations of the same items.

    >>> cohen_kappa([True, False, True, False], [True, False, False, False])
    0.5
    """
    n = len(a)
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
    pa, pb = sum(a) / n, sum(b) / n
    expected = pa * pb + (1 - pa) * (1 - pb)
    return 1.0 if expected == 1 else round((observed - expected) / (1 - expected), 4)


def corpus_labels(ids: list[str]) -> dict[str, tuple[list[str], str]]:
    wanted = {}
    for item in ids:
        writer, line = item.rsplit(":", 1)
        wanted.setdefault(writer, set()).add(int(line))
    found = {}
    for writer, lines in wanted.items():
        with (ROOT / "data" / "corpus" / f"{writer}.jsonl").open(encoding="utf-8") as handle:
            for number, raw in enumerate(handle, start=1):
                if number in lines:
                    record = json.loads(raw)
                    found[f"{writer}:{number}"] = (record["labels"], record["text"])
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--relabel", type=Path, default=ROOT / "data" / "annotation" / "relabel_300.jsonl")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--title", default="Annotation consistency")
    args = parser.parse_args()
    second = [
        json.loads(line) for line in args.relabel.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    first = corpus_labels([r["id"] for r in second])
    rows = ["| label | corpus + | relabel + | both + | Cohen's kappa |", "|---|---|---|---|---|"]
    kappas = {}
    for label in DEFAULT_LABELS:
        a = [label in first[r["id"]][0] for r in second]
        b = [label in r["labels"] for r in second]
        kappas[label] = cohen_kappa(a, b)
        both = sum(x and y for x, y in zip(a, b, strict=True))
        rows.append(f"| {label} | {sum(a)} | {sum(b)} | {both} | {kappas[label]:.2f} |")
    a = [not first[r["id"]][0] for r in second]
    b = [not r["labels"] for r in second]
    rows.append(
        f"| (none) | {sum(a)} | {sum(b)} | {sum(x and y for x, y in zip(a, b, strict=True))} | {cohen_kappa(a, b):.2f} |"
    )
    exact = sum(sorted(first[r["id"]][0]) == sorted(r["labels"]) for r in second) / len(second)
    lines = [
        f"{len(second)} messages; exact label-set agreement {exact:.1%}",
        "",
        *rows,
        "",
        "## Disagreements",
        "",
    ]
    for r in second:
        original, text = first[r["id"]]
        if sorted(original) != sorted(r["labels"]):
            lines.append(
                f"- `{r['id']}` corpus {original} vs relabel {r['labels']} ({r.get('rule', '')}): {text[:140]}"
            )
    report = "\n".join(lines)
    print(report)
    if args.out:
        args.out.write_text(f"# {args.title}\n\n" + report + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
