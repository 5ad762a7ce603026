"""Scoring and rephrasing messages with a model: :class:`Analyzer`, the heart of the API.

Messages are scored in batches (vectorised work, flat memory on long inputs), on worker
processes for long inputs; explanations and suggestions are added on request.

>>> from tone.analyzer import Analyzer
>>> Analyzer().score("You never listen to me").labels           # doctest: +SKIP
('criticism',)
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import cached_property
from itertools import chain, islice
from pathlib import Path
from typing import Any, TypeVar

from tone.explain import Explainer
from tone.io.inputs import InputText
from tone.model import ToneModel, check_model, default_model_dir, unpickle_pipeline
from tone.nlp import Annotated, load_cue_categories
from tone.parallel import default_jobs, ordered_map
from tone.results import EMPTY_MESSAGE, Rephrased, ScoredInput, ToneResult
from tone.score_file import ScoreParts, load_score_parts, score_card
from tone.scored_batch import ScoredBatch, ScoredInputBatch, fired_labels

#: messages scored per batch: big enough for vectorised work, small enough to stream. The
#: n-gram counts are built in arrays of a few hundred entries per message of the batch: 2048
#: cost a worker ~16-25 MB more at its peak than 1024 for ~3-4% less CPU (fewer per-batch
#: steps). Chat exports are scored in their own smaller batches
#: (:data:`~tone.export_analysis.EXPORT_BATCH`), where the 400 MB target is judged.
SCORE_BATCH = 2048
#: inputs at least this long are scored by worker processes on every core; shorter ones do
#: not repay starting the workers. Forked workers (where ``os.fork`` exists) start in
#: milliseconds with the model loaded; started ones import and load it first (about a
#: second). The messages counted before deciding are held here: on a 1M-message export
#: 4,096 instead of 16,384 lowered the peak from 402 to 391 MB PSS.
PARALLEL_MIN = 4_096 if hasattr(os, "fork") else 16_384


class Analyzer:
    """Scores messages with a tone model (the shipped one unless told otherwise).

    Long inputs are scored on ``n_jobs`` cores (default: ``$TONE_JOBS`` or all of them) by worker
    processes: one per core when this process only formats results (:meth:`score_inputs`,
    :meth:`score_many`), ``n_jobs - 1`` when it also parses and aggregates (chat exports), so it
    keeps a core. ``n_jobs=1`` scores here.
    Results are the same either way, in the same order.
    """

    def __init__(self, model: ToneModel | str | Path | None = None, *, n_jobs: int | None = None):
        self._score_card: dict[str, Any] | None = None
        if isinstance(model, ToneModel):
            self.model, self.model_dir, self.card = model, None, model.card
        else:
            self.model_dir = Path(model) if model is not None else default_model_dir()
            self.card = check_model(self.model_dir)
            # scoring reads the score file when the model has one; the pipeline (and with it
            # scikit-learn) is unpickled only when explanations, rewrites or training need it
            self._score_card = score_card(self.model_dir, self.card)
            if self._score_card is None:
                _ = self.model  # no score file: the pipeline is loaded now, as before
        self.n_jobs = n_jobs if n_jobs is not None else default_jobs()

    @cached_property
    def _parts(self) -> ScoreParts | None:
        """The score file's route, loaded on first use (rewrites and explanations never read it)."""
        if self._score_card is None or self.model_dir is None:
            return None
        return load_score_parts(self.model_dir, self.card, self._score_card)

    @cached_property
    def model(self) -> ToneModel:
        """The model's pipeline, unpickled on first use when scoring began from the score file."""
        assert self.model_dir is not None  # a ToneModel given to __init__ is set there
        return ToneModel(unpickle_pipeline(self.model_dir), self.card)

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(self.card.labels)

    @cached_property
    def _cue_tones(self) -> dict[str, tuple[str, ...]]:
        return load_cue_categories()

    @cached_property
    def _explainer(self) -> Explainer:
        return Explainer(self.model, self._cue_tones)

    @cached_property
    def _rephraser(self) -> Any:
        from tone.rephrase import Rephraser

        model = self.model

        def judge(texts: list[str]) -> list[dict[str, float]]:
            shares = model.predict_proba(texts) / model.thresholds
            return [dict(zip(model.labels, row, strict=True)) for row in shares.tolist()]

        return Rephraser(model.annotate, judge=judge)

    def rephrase(self, text: str) -> Rephrased:
        """Score one message and, if it is criticism or contempt, suggest gentler rewrites.

        >>> Analyzer().rephrase("You never take the bins out").suggestions[0].text  # doctest: +SKIP
        "I feel frustrated when you don't take the bins out. It would mean a lot if you did."
        """
        return next(self.rephrase_many([text]))

    def rephrase_many(self, texts: Iterable[str], batch_size: int = SCORE_BATCH) -> Iterator[Rephrased]:
        """Rephrase messages lazily, in order (a message that reads fine gets no suggestion)."""
        iterator = iter(texts)
        while batch := list(islice(iterator, batch_size)):
            for result, doc in self._score_batch_with_docs(batch, explain=True):
                yield Rephrased(result, self._rephraser.rephrase(result.text, result, doc))

    def rephrase_inputs(self, inputs: Iterable[InputText]) -> Iterator[Rephrased]:
        """Rephrase records read from a file (:meth:`rephrase_many`); empty ones are left out."""
        return self.rephrase_many(item.text for item in inputs if item.text.strip())

    def score(self, text: str, *, explain: bool = False) -> ToneResult:
        """Score one message (with ``explain=True``, also the words behind each label)."""
        return next(self.score_many([text], explain=explain))

    def score_many(
        self, texts: Iterable[str], batch_size: int = SCORE_BATCH, *, explain: bool = False
    ) -> Iterator[ToneResult]:
        """Score messages lazily, in order, in batches (memory stays flat on long inputs)."""
        for _, results in self.score_batches(
            ((None, batch) for batch in _batches(texts, batch_size)), explain, workers=self.n_jobs
        ):
            yield from results

    def score_batches(
        self,
        batches: Iterable[tuple[Context, list[str]]],
        explain: bool = False,
        *,
        workers: int | None = None,
    ) -> Iterator[tuple[Context, list[ToneResult]]]:
        """``(context, results)`` for each ``(context, texts)`` batch, in order, streaming.

        Once the batches add up to :data:`PARALLEL_MIN` messages, the rest is scored by
        ``workers`` processes (default ``n_jobs - 1``: this process keeps a core for its own
        work), forked with the model loaded, or loading it once; ``context`` stays here.
        """
        for context, texts, scored in self._score_array_batches(batches, explain, workers=workers):
            yield context, self._results(texts, scored) if scored is not None else []

    def _score_array_batches(
        self, batches: Iterable[tuple[Context, list[str]]], explain: bool, *, workers: int | None
    ) -> Iterator[tuple[Context, list[str], ScoredBatch | None]]:
        """:meth:`score_batches` as arrays: ``(context, texts, scores)``, ``None`` for no texts."""
        workers = self.n_jobs - 1 if workers is None else min(workers, self.n_jobs)
        iterator = iter(batches)
        head: list[tuple[Context, list[str]]] = []
        total = 0
        for batch in iterator:
            head.append(batch)
            total += len(batch[1])
            if total >= PARALLEL_MIN:
                break
        if total >= PARALLEL_MIN and self.n_jobs > 1 and workers > 0 and self.model_dir is not None:
            key = (str(self.model_dir), self.card.model_sha256)
            tasks = (((context, texts), (key, texts, explain)) for context, texts in chain(head, iterator))
            _WORKER_ANALYZER[key] = self  # forked workers inherit it; started ones load the model
            if not explain:
                _ = self._parts  # loaded once here, before forking, not once per worker
            try:
                for (context, texts), scored in ordered_map(_score_in_worker, tasks, workers):
                    yield context, texts, scored
            finally:
                _WORKER_ANALYZER.pop(key, None)
        else:
            for context, texts in chain(head, iterator):
                yield context, texts, self._scored(texts, explain) if texts else None

    def _scored(self, texts: list[str], explain: bool) -> ScoredBatch:
        """A batch's scores as arrays: the columnar route when nothing reads the annotations."""
        parts = None if explain else self._parts
        if parts is not None:
            columnar, proba_of, thresholds = parts.columnar(), parts.proba, parts.thresholds
        else:
            model = self.model
            columnar = None if explain else model.columnar()
            proba_of, thresholds = model.proba_from_features, model.thresholds
        if columnar is None:
            return self._score_arrays(texts, explain)[0]
        features = columnar.transform(texts)
        proba = proba_of(features.X)
        hits = proba >= thresholds
        return ScoredBatch(proba, hits, features.cue_counts, features.cue_spans, features.categories)

    def _score_batch_with_docs(
        self, texts: list[str], explain: bool = False
    ) -> list[tuple[ToneResult, Annotated]]:
        scored, annotated = self._score_arrays(texts, explain)
        return list(zip(self._results(texts, scored), annotated, strict=True))

    def _score_arrays(self, texts: list[str], explain: bool = False) -> tuple[ScoredBatch, list[Annotated]]:
        """Score a batch into arrays (what a worker sends back), with each message's annotation."""
        annotated = self.model.annotate(texts)
        X = self.model.features(annotated)
        proba = self.model.proba_from_features(X)
        hits = proba >= self.model.thresholds  # the labels :meth:`ToneModel.decide` would give
        why = None
        if explain:
            labels = fired_labels(hits, self.labels)
            why = [
                self._explainer.explain(text, doc, X[i], chosen, proba[i]) if chosen else ()
                for i, (text, doc, chosen) in enumerate(zip(texts, annotated, labels, strict=True))
            ]
        return ScoredBatch.build(annotated, proba, hits, why), annotated

    def _results(self, texts: list[str], scored: ScoredBatch) -> list[ToneResult]:
        return scored.results(texts, self.labels, self._cue_tones)

    def score_inputs(
        self,
        inputs: Iterable[InputText],
        batch_size: int = SCORE_BATCH,
        *,
        explain: bool = False,
        suggest: bool = False,
    ) -> Iterator[ScoredInput]:
        """Score records read from a file; empty ones are reported as skipped, not dropped.

        With ``suggest``, flagged messages also carry rewrites (:meth:`rephrase`).
        """
        if suggest:
            yield from self._score_inputs_with_suggestions(inputs, batch_size, explain)
            return
        for batch in self.score_input_batches(inputs, batch_size, explain=explain):
            yield from batch.scored_inputs()

    def score_input_batches(
        self, inputs: Iterable[InputText], batch_size: int = SCORE_BATCH, *, explain: bool = False
    ) -> Iterator[ScoredInputBatch]:
        """:meth:`score_inputs` a batch at a time, as arrays (what JSONL and CSV are written from)."""
        batches = (
            (batch, [item.text for item in batch if item.text.strip()])
            for batch in _batches(inputs, batch_size)
        )
        # formatting a result here costs a few µs against ~60 for scoring it: a worker per core
        for batch, texts, scored in self._score_array_batches(batches, explain, workers=self.n_jobs):
            yield ScoredInputBatch(batch, texts, scored, self.labels, self._cue_tones)

    def _score_inputs_with_suggestions(
        self, inputs: Iterable[InputText], batch_size: int, explain: bool
    ) -> Iterator[ScoredInput]:
        # rewriting needs each message's annotation, so this path scores in this process
        for batch in _batches(inputs, batch_size):
            keep = [item for item in batch if item.text.strip()]
            texts = [item.text for item in keep]
            scored = iter(self._score_batch_with_docs(texts, True) if keep else [])
            for item in batch:
                if not item.text.strip():
                    yield ScoredInput(item.source, item.line, item.text, None, EMPTY_MESSAGE)
                    continue
                result, doc = next(scored)
                suggestions = self._rephraser.rephrase(item.text, result, doc)
                if not explain:
                    result = replace(result, explanations=())
                yield ScoredInput(item.source, item.line, item.text, result, suggestions=suggestions)


Context = TypeVar("Context")
Item = TypeVar("Item")


def _batches(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


#: the analyzer a worker process scores with, keyed by model directory and sha256: inherited
#: from the parent when workers are forked, else loaded on the worker's first task.
_WORKER_ANALYZER: dict[tuple[str, str], Analyzer] = {}


def _score_in_worker(model: tuple[str, str], texts: list[str], explain: bool) -> ScoredBatch | None:
    """Score one batch in a worker process, loading the model on the worker's first task."""
    if not texts:
        return None
    analyzer = _WORKER_ANALYZER.get(model)
    if analyzer is None:
        import warnings

        _WORKER_ANALYZER.clear()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the main process has shown any warning already
            analyzer = _WORKER_ANALYZER[model] = Analyzer(model[0], n_jobs=1)
    return analyzer._scored(texts, explain)
