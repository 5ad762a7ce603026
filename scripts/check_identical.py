"""Prove the fast scoring path equals the reference path on a whole corpus, to the bit.

    python scripts/check_identical.py [--model DIR] [FILE.jsonl|FILE.txt ...]

Default input: every text of ``data/corpus/*.jsonl``. For each message, the reference path
(a spaCy ``Doc`` per message, scikit-learn's ``FeatureUnion.transform`` and ``predict_proba``)
and the scoring path
(messages assembled from memoised chunks, :mod:`tone.tfidf`) must give the same tokens, cues,
token offsets, feature matrix (same CSR arrays, byte for byte), probabilities (exact float
equality) and labels; so must the columnar route of :mod:`tone.columnar` (the whole batch's
feature matrix, cue spans, cue counts and categories, against the reference's), and the
route from the model's score file (:mod:`tone.score_file`: its own table, weights and
fused classifier, as ``tone score --input`` runs it) when the model has one. Exits 1 and
shows the first differences otherwise.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

from tone.model import default_model_dir, load_model
from tone.nlp import annotate, annotate_with_docs, normalise
from tone.score_file import load_score_parts

ROOT = Path(__file__).resolve().parents[1]
BATCH = 2048


def read_texts(paths: list[Path]) -> list[str]:
    texts = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if path.suffix == ".jsonl":
                if line.strip():
                    texts.append(json.loads(line)["text"])
            else:
                texts.append(line)
    return texts


def same_matrix(a, b) -> bool:
    """The same CSR matrix: type, shape, and ``indptr``, ``indices``, ``data`` byte for byte with their dtypes."""
    return (
        type(a) is type(b)
        and a.shape == b.shape
        and all(
            getattr(a, part).dtype == getattr(b, part).dtype
            and getattr(a, part).tobytes() == getattr(b, part).tobytes()
            for part in ("indptr", "indices", "data")
        )
    )


def columnar_differences(columnar, batch: list[str], reference, x_reference) -> list[str]:
    """What the columnar route (features and cue spans of the whole batch) gives differently."""
    from tone.scored_batch import ScoredBatch

    found = columnar.transform(batch)
    problems = [] if same_matrix(x_reference, found.X) else ["columnar feature matrix differs"]
    empty = np.zeros((len(batch), 0))
    expected = ScoredBatch.build(reference, empty, empty)
    for part in ("cue_counts", "cue_spans"):
        a, b = getattr(expected, part), getattr(found, part)
        if a.dtype != b.dtype or a.shape != b.shape or a.tobytes() != b.tobytes():
            problems.append(f"columnar {part} differ")
    if expected.categories != found.categories:
        problems.append(f"columnar categories {found.categories} != {expected.categories}")
    return problems


def score_file_differences(parts, batch: list[str], reference, x_reference, p_reference) -> list[str]:
    """What the score file's route gives differently: features and cues, then probabilities."""
    problems = [
        f"score file: {p}" for p in columnar_differences(parts.columnar(), batch, reference, x_reference)
    ]
    p_found = parts.proba(parts.columnar().transform(batch).X)
    if p_found.tobytes() != p_reference.tobytes():
        problems.append("score file: probabilities differ")
    return problems


def differences(model, texts: list[str], parts=None) -> tuple[list[str], dict[str, int]]:
    """What differs between the two paths, and counts of what was compared."""
    rules = model.pipeline.named_steps["annotate"].rules_
    union = model.pipeline.named_steps["features"]
    problems: list[str] = []
    counted = {"messages": 0, "tokens": 0, "cues": 0, "nonzero features": 0, "assembled from chunks": 0}
    from tone.nlp import _chunk_memo

    memo = _chunk_memo(rules)
    columnar = model.columnar()
    counted["columnar batches"] = 0
    counted["score-file batches"] = 0
    for start in range(0, len(texts), BATCH):
        batch = texts[start : start + BATCH]
        reference = list(annotate_with_docs(batch, rules))
        fast = list(annotate(batch, rules))
        for i, (a, b) in enumerate(zip(reference, fast, strict=True)):
            where = f"message {start + i + 1} {batch[i][:60]!r}"
            if a.text != b.text or a.tokens != b.tokens:
                problems.append(f"{where}: tokens {a.tokens} != {b.tokens}")
            if a.cues != b.cues:
                problems.append(f"{where}: cues {a.cues} != {b.cues}")
            if tuple(a.offsets) != tuple(b.offsets):
                problems.append(f"{where}: offsets {a.offsets} != {tuple(b.offsets)}")
            counted["tokens"] += len(a.tokens)
            counted["cues"] += len(a.cues)
            counted["assembled from chunks"] += memo.tokens(normalise(batch[i])) is not None
        x_reference = union.transform(reference)
        x_fast = model.features(fast)
        if not same_matrix(x_reference, x_fast):
            problems.append(f"batch at message {start + 1}: feature matrices differ")
        if columnar is not None:
            problems += [
                f"batch at message {start + 1}: {p}"
                for p in columnar_differences(columnar, batch, reference, x_reference)
            ]
        p_reference = model.proba_from_features(x_reference, fused=False)
        p_fast = model.proba_from_features(x_fast)
        if p_reference.tobytes() != p_fast.tobytes():
            rows = np.flatnonzero((p_reference != p_fast).any(axis=1))
            problems.append(
                f"batch at message {start + 1}: probabilities differ in rows {rows[:10].tolist()}"
            )
        if parts is not None:
            problems += [
                f"batch at message {start + 1}: {p}"
                for p in score_file_differences(parts, batch, reference, x_reference, p_reference)
            ]
        if model.decide(p_reference) != model.decide(p_fast):
            problems.append(f"batch at message {start + 1}: labels differ")
        counted["messages"] += len(batch)
        counted["columnar batches"] += columnar is not None
        counted["score-file batches"] += parts is not None
        counted["nonzero features"] += x_reference.nnz
    return problems, counted


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--model", default=None, help="model directory (default: the shipped model)")
    args = parser.parse_args()
    files = args.files or sorted((ROOT / "data" / "corpus").glob("*.jsonl"))
    texts = read_texts(files)
    model = load_model(args.model)
    directory = Path(args.model) if args.model else default_model_dir()
    parts = load_score_parts(directory, model.card)
    began = time.perf_counter()
    problems, counted = differences(model, texts, parts)
    summary = ", ".join(f"{value:,} {name}" for name, value in counted.items())
    print(f"compared {summary} in {time.perf_counter() - began:.1f} s")
    for problem in problems[:20]:
        print("DIFFERENT:", problem)
    if problems:
        print(f"{len(problems)} differences")
        return 1
    print("identical: tokens, cues, offsets, feature matrices (byte for byte), probabilities, labels")
    return 0


if __name__ == "__main__":
    sys.exit(main())
