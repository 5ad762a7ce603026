"""CPU time per message of each stage of a scoring worker, fresh and warm, in one process.

    TONE_JOBS=1 python scripts/stage_times.py [FILE.txt] [--passes 2] [--profile OUT.prof] [--worker 1/2]

Reads ``FILE.txt`` (default: the bench's 93k-message file) a line per message, as ``tone score
--input`` does, and scores it in batches of :data:`~tone.analyzer.SCORE_BATCH` with the CLI's
garbage-collector settings. The first pass is *fresh* (every cache empty, as in a new worker),
the next ones *warm*. Stages are timed with ``time.process_time`` around the calls a worker
makes (``Analyzer._score_arrays``, or the columnar route of ``Analyzer._scored`` where the code
has one, from the model's score file when it has one), plus pickling the batch's arrays there and back ("to main"). ``--worker 1/2`` keeps
every other batch, as the first of two workers scores them.
"""

from __future__ import annotations

import argparse
import gc
import pickle
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def read(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def stages(analyzer, texts: list[str], batch: int) -> dict[str, float]:
    """Seconds of CPU per stage over ``texts``."""
    timer = time.process_time
    spent: dict[str, float] = defaultdict(float)
    parts = getattr(analyzer, "_parts", None)  # the score file's route, as `tone score` takes it
    if parts is not None:
        columnar = parts.columnar()
    else:
        columnar = analyzer.model.columnar() if hasattr(analyzer.model, "columnar") else None
    for first in range(0, len(texts), batch):
        chunk = texts[first : first + batch]
        began = timer()
        if columnar is not None:
            scored = _columnar_stages(analyzer, columnar, chunk, spent)
        else:
            scored = _baseline_stages(analyzer, chunk, spent)
        after = timer()
        pickle.loads(pickle.dumps(scored, protocol=pickle.HIGHEST_PROTOCOL))
        spent["to main (pickle)"] += timer() - after
        spent["worker total"] += timer() - began
    return spent


def _baseline_stages(analyzer, texts: list[str], spent: dict[str, float]):
    import scipy.sparse as sp

    from tone.scored_batch import ScoredBatch

    timer = time.process_time
    model = analyzer.model
    t0 = timer()
    annotated = model.annotate(texts)
    t1 = timer()
    spent["annotation"] += t1 - t0
    routes = model._feature_routes(model.pipeline.named_steps["features"])
    names = [name for name, _ in model.pipeline.named_steps["features"].transformer_list]
    blocks = []
    for name, route in zip(names, routes, strict=True):
        t = timer()
        blocks.append(route(annotated))
        spent[f"features: {name}"] += timer() - t
    t = timer()
    X = sp.hstack(blocks).tocsr()
    spent["hstack"] += timer() - t
    t = timer()
    proba = model.proba_from_features(X)
    hits = proba >= model.thresholds
    spent["classifier"] += timer() - t
    t = timer()
    scored = ScoredBatch.build(annotated, proba, hits)
    spent["ScoredBatch.build"] += timer() - t
    return scored


def _columnar_stages(analyzer, columnar, texts: list[str], spent: dict[str, float]):
    """The steps of ``ColumnarFeatures.transform`` and ``Analyzer._scored``, each timed."""
    import scipy.sparse as sp

    from tone.scored_batch import ScoredBatch
    from tone.text import normalise

    timer = time.process_time
    t0 = timer()
    batch = columnar.table.units([normalise(text) for text in texts])
    arrays = columnar.table.arrays()
    t1 = timer()
    spent["chunks → units"] += t1 - t0
    tokens = columnar._tokens(batch, arrays)
    n = len(texts)
    t2 = timer()
    spent["token gather"] += t2 - t1
    names, counts, spans, categories = columnar._cues(batch, tokens, arrays)
    t3 = timer()
    spent["cues"] += t3 - t2
    blocks = {"words": columnar._words(tokens, arrays, n)}
    t4 = timer()
    spent["features: words"] += t4 - t3
    blocks["chars"] = columnar._chars(batch, arrays, n)
    t5 = timer()
    spent["features: chars"] += t5 - t4
    blocks["cues"] = columnar.cues.count_categories(names)
    t6 = timer()
    spent["features: cues"] += t6 - t5
    X = sp.hstack([blocks[name] for name in columnar.order]).tocsr()
    t7 = timer()
    spent["hstack"] += t7 - t6
    parts = getattr(analyzer, "_parts", None)
    if parts is not None:
        proba = parts.proba(X)
        hits = proba >= parts.thresholds
    else:
        proba = analyzer.model.proba_from_features(X)
        hits = proba >= analyzer.model.thresholds
    t8 = timer()
    spent["classifier"] += t8 - t7
    return ScoredBatch(proba, hits, counts, spans, categories)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", type=Path, default=ROOT / "bench" / "out" / "messages_100000.txt")
    parser.add_argument("--passes", type=int, default=2)
    parser.add_argument("--profile", type=Path, default=None, help="cProfile the first pass into this file")
    parser.add_argument(
        "--worker",
        default="1/1",
        help="K/N: score only batches K, K+N, K+2N… (one of N workers' share; default all)",
    )
    args = parser.parse_args()
    from tone.analyzer import SCORE_BATCH, Analyzer

    texts = read(args.file)
    k, n = (int(part) for part in args.worker.split("/"))
    texts = [
        text
        for first in range(0, len(texts), SCORE_BATCH)[k - 1 :: n]
        for text in texts[first : first + SCORE_BATCH]
    ]
    analyzer = Analyzer(n_jobs=1)
    gc.freeze()
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, 1000)
    for number in range(args.passes):
        if args.profile is not None and number == 0:
            import cProfile

            profiler = cProfile.Profile()
            profiler.enable()
            spent = stages(analyzer, texts, SCORE_BATCH)
            profiler.disable()
            profiler.dump_stats(args.profile)
        else:
            spent = stages(analyzer, texts, SCORE_BATCH)
        label = "fresh" if number == 0 else "warm"
        print(f"pass {number + 1} ({label}), {len(texts):,} messages, µs per message:")
        for name, seconds in spent.items():
            print(f"  {name:<24} {seconds / len(texts) * 1e6:7.2f}")


if __name__ == "__main__":
    main()
