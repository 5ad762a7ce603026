"""Measure ``tone rephrase`` on the held-out writers: do the suggestions read as gentle
start-ups, keep the point, and drop every insult?

Over every criticism/contempt message of the held-out split (``data/splits.json``), the
first suggestion is re-scored with the same model and reported as:

(a) the share scored as neither criticism nor contempt;
(b) the share scored as need or support;
(c) the mean share of the original's content words kept (alphabetic, non-stopword tokens
    per spaCy's ``is_stop``, outside cue spans, compared in lower case);
(d) the number of contempt-lexicon insults (INSULT / YOU_INSULT cue spans) left in them.

It then prints 20 random (seeded) original → suggestion pairs to read: the numbers can be
gamed by boilerplate, the pairs cannot.

To judge (c), ``data/rephrase_reference.jsonl`` holds a human reference: 150 of the same
held-out messages (seeded sample) rewritten by hand, blind to tone's rules, by a writer
briefed with the same requirements (keep the subject, feeling + situation + request, drop
insults, sarcasm and absolutes, read naturally). The harness scores those rewrites with
the same measures, on the messages the model flags, next to tone's.

With ``--external DIR`` (``../shared/datasets``, evaluation only, never copied), the same
measures run on messages nobody here wrote — up to 600 per source (seeded): ParaDetox toxic
comments and GoEmotions anger/annoyance/disgust addressed to "you", the least polite
Wikipedia/StackExchange requests with "you", iSarcasmEval sarcasm — on those the model flags.

    python scripts/eval_rephrase.py [--data data/corpus] [--split data/splits.json] [--model DIR]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path

from tone.api import Analyzer
from tone.io.datasets import Example, read_examples
from tone.nlp import Annotated, get_nlp

FLAGGED = {"criticism", "contempt"}
INSULTS = {"INSULT", "YOU_INSULT"}
TARGETS = {"clean": 0.90, "need_or_support": 0.70, "content_kept": 0.60, "insults": 0}


@dataclass(frozen=True)
class Pair:
    original: str
    gold: tuple[str, ...]
    suggestion: str
    labels_after: tuple[str, ...]
    kept: float | None
    insults: int


def held_out(data: Path, split: Path) -> list[Example]:
    """Held-out criticism/contempt messages, read file by file so one bad file names itself."""
    writers = set(json.loads(split.read_text(encoding="utf-8"))["test_writers"])
    files = sorted(data.glob("*.jsonl")) if data.is_dir() else [data]
    examples = [e for path in files for e in read_examples([path]) if e.writer in writers]
    return [e for e in examples if FLAGGED & set(e.labels)]


def content_words(text: str, doc: Annotated) -> set[str]:
    """Alphabetic non-stopwords outside cue spans, lower-cased."""
    spans = [(c.start, c.end) for c in doc.cues]
    return {
        t.lower_
        for t in get_nlp().tokenizer(text)
        if t.is_alpha and not t.is_stop and not any(a <= t.idx < b for a, b in spans)
    }


def measure(analyzer: Analyzer, examples: list[Example]) -> tuple[list[Pair], int]:
    """Rephrase every message the model flags; returns the pairs and how many it did not flag."""
    pairs, unflagged = [], 0
    for example in examples:
        rephrased = analyzer.rephrase(example.text)
        suggestions, result = rephrased.suggestions, rephrased.result
        if not FLAGGED & set(result.labels):
            unflagged += 1
            continue
        first = suggestions[0].text if suggestions else ""
        after = analyzer.score(first) if first else None
        original_doc, suggestion_doc = analyzer.model.annotate([example.text, first or " "])
        words = content_words(example.text, original_doc)
        kept_words = {t.lower_ for t in get_nlp().tokenizer(first)}
        kept = len(words & kept_words) / len(words) if words else None
        insults = sum(1 for c in suggestion_doc.cues if c.category in INSULTS) if first else 0
        pairs.append(Pair(example.text, example.labels, first, after.labels if after else (), kept, insults))
    return pairs, unflagged


def report(pairs: list[Pair], unflagged: int, total: int, show: int, seed: int) -> dict[str, float]:
    n = max(len(pairs), 1)
    with_words = [p.kept for p in pairs if p.kept is not None]
    figures = {
        "clean": sum(1 for p in pairs if p.suggestion and not FLAGGED & set(p.labels_after)) / n,
        "need_or_support": sum(1 for p in pairs if {"need", "support"} & set(p.labels_after)) / n,
        "content_kept": sum(with_words) / max(len(with_words), 1),
        "insults": sum(p.insults for p in pairs),
    }
    print(
        f"{total} held-out criticism/contempt messages; the model flags {len(pairs)} ({unflagged} not flagged)"
    )
    print(f"  without a suggestion:                 {sum(1 for p in pairs if not p.suggestion)}")
    print(f"(a) re-scored neither crit. nor cont.:  {figures['clean']:.1%}   (target >= 90%)")
    print(f"(b) re-scored need or support:          {figures['need_or_support']:.1%}   (target >= 70%)")
    print(
        f"(c) content words kept (mean):          {figures['content_kept']:.2f}    (target >= 0.60; "
        f"{len(pairs) - len(with_words)} messages have none outside cues)"
    )
    print(f"(d) insults surviving:                  {figures['insults']}       (target 0)")
    print(f"\n{show} random pairs (seed {seed}):")
    for p in random.Random(seed).sample(pairs, min(show, len(pairs))):
        print(
            f"\n  {'+'.join(p.gold)}: {p.original}\n  → {p.suggestion}\n    re-scored {list(p.labels_after) or '[]'}"
        )
    return figures


def compare_with_reference(analyzer: Analyzer, path: Path, pairs: dict[str, Pair]) -> None:
    """Content kept and re-scoring of the hand-written rewrites next to tone's, same messages."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [r for r in rows if r["text"] in pairs]
    if not rows:
        return
    kept: dict[str, list[tuple[float, float]]] = {}  # gold labels -> (human, tone) per message
    human_clean = 0
    originals = analyzer.model.annotate([r["text"] for r in rows])
    verdicts = list(analyzer.score_many([r["rewrite"] for r in rows]))
    for row, doc, verdict in zip(rows, originals, verdicts, strict=True):
        words = content_words(row["text"], doc)
        human_clean += not FLAGGED & set(verdict.labels)
        if words:
            rewrite = {t.lower_ for t in get_nlp().tokenizer(row["rewrite"])}
            pair = (len(words & rewrite) / len(words), pairs[row["text"]].kept or 0.0)
            kept.setdefault("+".join(row["labels"]), []).append(pair)
    print(f"\nhuman reference ({path}), {len(rows)} of the same flagged messages:")
    for group, values in [("all", [v for vs in kept.values() for v in vs]), *sorted(kept.items())]:
        n = max(len(values), 1)
        human, tone = sum(h for h, _ in values) / n, sum(t for _, t in values) / n
        print(f"  content words kept, {group:30s} n={len(values):3d}: human {human:.2f}, tone {tone:.2f}")
    print(f"  human rewrites re-scored neither crit. nor cont.: {human_clean / len(rows):.1%}")


EXTERNAL_PER_SOURCE = 600


def measure_external(analyzer: Analyzer, root: Path) -> None:
    """(a) and (c) on criticism/contempt from public sources, per source."""
    import eval_external as sources

    def addressed(text: str) -> bool:
        return " you" in f" {text.lower()}"

    named = {
        "ParaDetox toxic, addressed to 'you'": (t for t in sources.paradetox(root, True) if addressed(t)),
        "GoEmotions anger/annoyance/disgust + 'you'": sources.go_negative_you(root),
        "Politeness bottom quartile + 'you'": sources.politeness(root, False),
        "iSarcasmEval sarcastic": sources.sarcasm(root, True),
    }
    print(f"\nmessages from public sources ({root}; up to {EXTERNAL_PER_SOURCE} per source, seeded):")
    for name, texts in named.items():
        sample = list(texts)
        random.Random(0).shuffle(sample)
        pairs, _ = measure(analyzer, [Example(t, ()) for t in sample[:EXTERNAL_PER_SOURCE]])
        n = max(len(pairs), 1)
        kept = [p.kept for p in pairs if p.kept is not None]
        clean = sum(1 for p in pairs if p.suggestion and not FLAGGED & set(p.labels_after)) / n
        print(
            f"  {name:44s} flagged {len(pairs):4d}  clean {clean:6.1%}  "
            f"content kept {sum(kept) / max(len(kept), 1):.2f}  insults left {sum(p.insults for p in pairs)}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("data/corpus"))
    parser.add_argument("--split", type=Path, default=Path("data/splits.json"))
    parser.add_argument("--model", help="model directory (default: TONE_MODEL or the shipped model)")
    parser.add_argument("--pairs", type=int, default=20, help="how many random pairs to print")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--reference", type=Path, default=Path("data/rephrase_reference.jsonl"))
    parser.add_argument("--external", type=Path, default=None, help="public datasets dir (evaluation only)")
    args = parser.parse_args(argv)
    import os

    analyzer = Analyzer(args.model or os.environ.get("TONE_MODEL"))
    examples = held_out(args.data, args.split)
    pairs, unflagged = measure(analyzer, examples)
    figures = report(pairs, unflagged, len(examples), args.pairs, args.seed)
    if args.reference.exists():
        compare_with_reference(analyzer, args.reference, {p.original: p for p in pairs})
    if args.external is not None:
        measure_external(analyzer, args.external)
    met = (
        figures["clean"] >= TARGETS["clean"]
        and figures["need_or_support"] >= TARGETS["need_or_support"]
        and figures["content_kept"] >= TARGETS["content_kept"]
        and figures["insults"] == 0
    )
    print("\nall targets met" if met else "\nsome targets not met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
