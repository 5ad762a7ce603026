"""The Python API: one function or method per user task, returning data.

>>> from tone.api import Analyzer
>>> analyzer = Analyzer()                                     # doctest: +SKIP
>>> analyzer.score("You never listen to me").labels           # doctest: +SKIP
('criticism',)
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cached_property
from itertools import chain, islice
from pathlib import Path
from typing import Any, TypeVar

from tone.errors import DataError
from tone.explain import Explainer
from tone.io.datasets import Example, label_set, read_examples
from tone.io.inputs import InputText
from tone.io.records import Message, ParseIssue
from tone.model import DEFAULT_LABELS, PipelineConfig, ToneModel, default_model_dir, load_model
from tone.nlp import Annotated, Cue, load_cue_categories
from tone.parallel import default_jobs, ordered_map
from tone.results import AnalyzedMessage, CueHit, Rephrased, ScoredInput, ToneResult

#: messages scored per batch: big enough for vectorised work, small enough to stream. The
#: n-gram counts are built in arrays of a few hundred entries per message of the batch: 2048
#: cost a worker ~25 MB more at its peak than 1024, for ~3% less CPU (the 400 MB target won).
SCORE_BATCH = 1024
#: inputs at least this long are scored by worker processes on every core; shorter ones
#: do not repay starting the workers (about a second: imports and loading the model).
PARALLEL_MIN = 16_384


class Analyzer:
    """Scores messages with a tone model (the shipped one unless told otherwise).

    Long inputs are scored on ``n_jobs`` cores (default: ``$TONE_JOBS`` or all of them): this
    process reads and writes, ``n_jobs - 1`` worker processes score. ``n_jobs=1`` scores here.
    Results are the same either way, in the same order.
    """

    def __init__(self, model: ToneModel | str | Path | None = None, *, n_jobs: int | None = None):
        if isinstance(model, ToneModel):
            self.model, self.model_dir = model, None
        else:
            self.model_dir = Path(model) if model is not None else default_model_dir()
            self.model = load_model(self.model_dir)
        self.n_jobs = n_jobs if n_jobs is not None else default_jobs()

    @property
    def labels(self) -> tuple[str, ...]:
        return self.model.labels

    @cached_property
    def _cue_tones(self) -> dict[str, tuple[str, ...]]:
        return load_cue_categories()

    @cached_property
    def _explainer(self) -> Explainer:
        return Explainer(self.model, self._cue_tones)

    @cached_property
    def _rephraser(self) -> Any:
        from tone.rephrase import Rephraser

        return Rephraser(self.model.annotate)

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

    def score(self, text: str, *, explain: bool = False) -> ToneResult:
        """Score one message (with ``explain=True``, also the words behind each label)."""
        return next(self.score_many([text], explain=explain))

    def score_many(
        self, texts: Iterable[str], batch_size: int = SCORE_BATCH, *, explain: bool = False
    ) -> Iterator[ToneResult]:
        """Score messages lazily, in order, in batches (memory stays flat on long inputs)."""
        for _, results in self.score_batches(
            ((None, batch) for batch in _batches(texts, batch_size)), explain
        ):
            yield from results

    def score_batches(
        self, batches: Iterable[tuple[Context, list[str]]], explain: bool = False
    ) -> Iterator[tuple[Context, list[ToneResult]]]:
        """``(context, results)`` for each ``(context, texts)`` batch, in order, streaming.

        Once the batches add up to :data:`PARALLEL_MIN` messages, the rest is scored by worker
        processes (forked with the model loaded, or loading it once); ``context`` stays here.
        """
        iterator = iter(batches)
        head: list[tuple[Context, list[str]]] = []
        total = 0
        for batch in iterator:
            head.append(batch)
            total += len(batch[1])
            if total >= PARALLEL_MIN:
                break
        if total >= PARALLEL_MIN and self.n_jobs > 1 and self.model_dir is not None:
            key = (str(self.model_dir), self.model.card.model_sha256)
            tasks = ((context, (key, texts, explain)) for context, texts in chain(head, iterator))
            _WORKER_ANALYZER[key] = self  # forked workers inherit it; started ones load the model
            try:
                # this process keeps one core: it reads, aggregates and writes while the workers
                # score. On 2 cores one worker was as fast as two and used 90 MB less memory.
                yield from ordered_map(_score_in_worker, tasks, self.n_jobs - 1)
            finally:
                _WORKER_ANALYZER.pop(key, None)
        else:
            for context, texts in chain(head, iterator):
                yield context, self._score_batch(texts, explain) if texts else []

    def _score_batch(self, texts: list[str], explain: bool = False) -> list[ToneResult]:
        return [result for result, _ in self._score_batch_with_docs(texts, explain)]

    def _score_batch_with_docs(
        self, texts: list[str], explain: bool = False
    ) -> list[tuple[ToneResult, Annotated]]:
        annotated = self.model.annotate(texts)
        X = self.model.features(annotated)
        proba = self.model.proba_from_features(X)
        decided = self.model.decide(proba)
        labels = self.model.labels
        results = []
        rows = proba.tolist()  # Python floats for the whole batch at once, not per row
        for i, (text, doc, row, chosen) in enumerate(zip(texts, annotated, rows, decided, strict=True)):
            why = self._explainer.explain(text, doc, X[i], chosen, proba[i]) if explain and chosen else ()
            hits = self._hits(text, doc) if doc.cues else ()
            results.append((ToneResult(text, chosen, dict(zip(labels, row, strict=True)), hits, why), doc))
        return results

    def _hits(self, text: str, doc: Annotated) -> tuple[CueHit, ...]:
        tones = self._cue_tones
        return tuple(_hit(text, cue, tones.get(cue.category, ())) for cue in doc.cues)

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
        batches = (
            (batch, [item.text for item in batch if item.text.strip()])
            for batch in _batches(inputs, batch_size)
        )
        for batch, scored in self.score_batches(batches, explain):
            results = iter(scored)
            for item in batch:
                if item.text.strip():
                    yield ScoredInput(item.source, item.line, item.text, next(results))
                else:
                    yield ScoredInput(item.source, item.line, item.text, None, "empty message")

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
                    yield ScoredInput(item.source, item.line, item.text, None, "empty message")
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


def _score_in_worker(model: tuple[str, str], texts: list[str], explain: bool) -> list[ToneResult]:
    """Score one batch in a worker process, loading the model on the worker's first task."""
    analyzer = _WORKER_ANALYZER.get(model)
    if analyzer is None:
        import warnings

        _WORKER_ANALYZER.clear()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the main process has shown any warning already
            analyzer = _WORKER_ANALYZER[model] = Analyzer(model[0], n_jobs=1)
    return analyzer._score_batch(texts, explain) if texts else []


def _hit(text: str, cue: Cue, tones: tuple[str, ...]) -> CueHit:
    """A cue as users see it: the words cut from their original text, not the normalised one."""
    return CueHit(cue.start, cue.end, text[cue.start : cue.end], cue.category, tones)


@dataclass
class TrainReport:
    """What ``train_model`` did: the saved model's path and the measurements."""

    out: Path
    metrics: dict[str, Any]
    cv_metrics: dict[str, Any]
    n_train: int
    n_test: int
    split: str
    labels: tuple[str, ...]
    dropped_near_duplicates: int = 0
    comparison: dict[str, Any] = field(default_factory=dict)


def train_model(
    sources: Sequence[str | Path],
    out: str | Path,
    *,
    test_writers: Sequence[str] | None = None,
    test_fraction: float = 0.2,
    config: PipelineConfig | None = None,
    text_field: str = "text",
    labels_field: str = "labels",
    encoding: str = "utf-8",
    min_examples: int = 8,
    progress: Any = None,
    seed: int = 13,
    name: str = "",
    compare_with_shipped: bool = True,
    base: str = "none",
) -> TrainReport:
    """Train on labelled files and save the model with its card to ``out``.

    The label set comes from the data. A label with fewer than ``min_examples`` positives
    is refused: a model cannot learn it and its metrics would mean nothing. ``base="default"``
    adds tone's own corpus to the user's data (messages the user labelled win over
    identical texts in it); ``"none"`` trains on the user's data alone.
    """
    from tone.train import hash_sources, train

    examples = read_examples(sources, text_field=text_field, labels_field=labels_field, encoding=encoding)
    if base not in ("none", "default"):
        raise DataError(f"unknown --base {base!r}; use 'default' (add tone's corpus) or 'none'")
    if base == "default":
        examples = _with_shipped_corpus(examples)
        sources = [*sources, SHIPPED_CORPUS]
    labels = _ordered_labels(label_set(examples))
    _check_label_counts(examples, labels, min_examples)
    result = train(
        examples,
        labels,
        test_writers=test_writers,
        test_fraction=test_fraction,
        config=config or PipelineConfig(),
        data_sha256=hash_sources(sources),
        progress=progress,
        seed=seed,
    )
    result.model.card.name = name or Path(out).name
    result.model.save(out)
    comparison = _compare_with_shipped(result, out) if compare_with_shipped else {}
    return TrainReport(
        Path(out),
        result.metrics,
        result.cv_metrics,
        len(result.split.train),
        len(result.split.test),
        result.split.method,
        tuple(labels),
        result.split.dropped_near_duplicates,
        comparison,
    )


#: tone's own labelled corpus, present in a source checkout (it is not part of the wheel).
SHIPPED_CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"


def _with_shipped_corpus(examples: list[Example]) -> list[Example]:
    """The user's examples plus tone's corpus, dropping corpus texts the user labelled too."""
    from tone.io.datasets import text_key

    if not SHIPPED_CORPUS.is_dir():
        raise DataError(
            f"tone's corpus is not installed with this copy of tone (expected {SHIPPED_CORPUS}); "
            "use --base none or train from a source checkout"
        )
    mine = {text_key(e.text) for e in examples}
    shipped = [e for e in read_examples([SHIPPED_CORPUS]) if text_key(e.text) not in mine]
    return [*examples, *shipped]


def _compare_with_shipped(result: Any, out: str | Path) -> dict[str, Any]:
    """Metrics of the shipped model on the same held-out messages, when the labels overlap."""
    from tone.errors import ModelError
    from tone.model import default_model_dir
    from tone.train import evaluate_examples

    shipped_dir = default_model_dir()
    if not result.split.test or Path(out).resolve() == shipped_dir.resolve():
        return {}
    try:
        shipped = load_model(shipped_dir)
    except ModelError:
        return {}
    if not set(shipped.labels) & set(result.model.labels):
        return {}
    return evaluate_examples(shipped, result.split.test)


def _ordered_labels(found: Sequence[str]) -> list[str]:
    """The shipped labels first in their usual order, then any new ones alphabetically."""
    known = [label for label in DEFAULT_LABELS if label in found]
    return known + sorted(label for label in found if label not in DEFAULT_LABELS)


def _check_label_counts(examples: Sequence[Example], labels: Sequence[str], minimum: int) -> None:
    if not labels:
        raise DataError("no labels in the data: every example has labels [] (nothing to learn)")
    problems = []
    for label in labels:
        count = sum(label in e.labels for e in examples)
        if count < minimum:
            first = next(e for e in examples if label in e.labels)
            others = [other for other in labels if other != label]
            close = difflib.get_close_matches(label, [*others, *DEFAULT_LABELS], n=1, cutoff=0.75)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            problems.append(
                f"{first.source}:{first.line}: label {label!r} has only {count} example(s){hint}; "
                f"at least {minimum} are needed to train and measure it"
            )
    if problems:
        raise DataError(
            problems[0] if len(problems) == 1 else f"{len(problems)} labels have too few examples",
            problems=problems,
        )


@dataclass
class EvaluationReport:
    metrics: dict[str, Any]
    model: str
    data: list[str]
    mistakes: list[Any] = field(default_factory=list)


def evaluate_model(
    sources: Sequence[str | Path],
    *,
    model: ToneModel | str | Path | None = None,
    with_errors: bool = False,
) -> EvaluationReport:
    """Per-label metrics of a model on labelled files; optionally the mistakes it made."""
    from tone.evaluate import Mistake, indicator, label_metrics

    analyzer = Analyzer(model)
    examples = read_examples(sources)
    results = list(analyzer.score_many(e.text for e in examples))
    import numpy as np

    labels = analyzer.labels
    proba = np.array([[r.scores[label] for label in labels] for r in results]).reshape(
        len(results), len(labels)
    )
    y_true = indicator([e.labels for e in examples], labels)
    y_pred = indicator([r.labels for r in results], labels)
    metrics = label_metrics(y_true, y_pred, proba, labels, list(analyzer.model.thresholds))
    mistakes = []
    if with_errors:
        for e, r in zip(examples, results, strict=True):
            expected = tuple(label for label in e.labels if label in labels)
            if set(expected) != set(r.labels):
                cues = tuple(f"{c.text} ({c.category})" for c in r.cues)
                mistakes.append(Mistake(e.text, expected, r.labels, r.scores, cues, e.source, e.line))
    name = analyzer.model.card.name or "model"
    return EvaluationReport(metrics, name, [str(s) for s in sources], mistakes)


@dataclass
class ExportOptions:
    """What to analyse in an export and how (CLI options map one to one)."""

    format: str | None = None
    date_order: str | None = None
    encoding: str = "utf-8-sig"
    since: datetime | None = None
    until: datetime | None = None
    senders: tuple[str, ...] = ()
    anonymize: bool = False
    columns: dict[str, str] | None = None


class ExportAnalysis:
    """A chat export being analysed: iterate ``messages()`` once, then read ``summary``.

    Messages stream in file order, scored in batches; the summary keeps only aggregates, so
    memory stays flat however long the chat is.
    """

    def __init__(self, path: str | Path, analyzer: Analyzer, options: ExportOptions):
        from tone.conversation import ConversationSummary
        from tone.io.chats import read_chat

        self.path = Path(path)
        self.options = options
        self.analyzer = analyzer
        self.chat = read_chat(
            path,
            options.format,
            date_order=options.date_order,
            encoding=options.encoding,
            columns=options.columns,
        )
        self.summary = ConversationSummary(analyzer.labels)
        self.aliases = _Aliases(self._senders() if options.anonymize else ())

    @property
    def source_name(self) -> str:
        return self.aliases.text(self.path.name)

    def _senders(self) -> list[str]:
        names: dict[str, None] = {}
        for record in self.chat.records():
            if isinstance(record, Message) and record.sender:
                names.setdefault(record.sender)
        return list(names)

    def messages(self, batch_size: int = SCORE_BATCH) -> Iterator[AnalyzedMessage]:
        """Every message of the export, in file order, scored or with its skip reason."""
        for (batch, reasons), results in self.analyzer.score_batches(self._batches(batch_size)):
            scored = iter(results)
            for message, reason in zip(batch, reasons, strict=True):
                result = next(scored) if reason is None else None
                self.summary.add(message, result, reason)
                yield AnalyzedMessage(message, result, reason)

    def _batches(self, batch_size: int) -> Iterator[tuple[tuple[list[Message], list[str | None]], list[str]]]:
        """``((messages, skip reasons), texts to score)`` per batch; parse issues go to the summary."""
        batch: list[Message] = []
        for record in self.chat.records():
            if isinstance(record, ParseIssue):
                self.summary.add_issue(record)
                continue
            batch.append(self.aliases.message(record))
            if len(batch) >= batch_size:
                yield self._batch(batch)
                batch = []
        if batch:
            yield self._batch(batch)

    def _batch(self, batch: list[Message]) -> tuple[tuple[list[Message], list[str | None]], list[str]]:
        reasons = [self._skip_reason(m) for m in batch]
        return (batch, reasons), [m.text for m, reason in zip(batch, reasons, strict=True) if reason is None]

    def _skip_reason(self, message: Message) -> str | None:
        if message.kind != "text":
            return message.kind
        if not message.text.strip():
            return "empty"
        if self.options.senders and message.sender not in self.options.senders:
            return "sender not selected"
        stamp = message.timestamp.replace(tzinfo=None) if message.timestamp else None
        if stamp is not None and self.options.since and stamp < self.options.since:
            return "before --since"
        if stamp is not None and self.options.until and stamp > self.options.until:
            return "after --until"
        return None

    def summary_dict(self) -> dict[str, Any]:
        """The full summary: source, format, notes, model, then the aggregates."""
        return {
            "source": self.source_name,
            "format": self.chat.format,
            "title": self.aliases.text(self.chat.title) if self.chat.title else None,
            "notes": [self.aliases.text(note) for note in self.chat.notes],
            "model": {"name": self.analyzer.model.card.name or "model", "labels": list(self.analyzer.labels)},
            **self.summary.to_dict(),
        }


class _Aliases:
    """Replaces sender names with Person A, B, … in senders and in message text."""

    def __init__(self, names: Sequence[str]):
        import re

        self.names = {name: f"Person {_letters(i)}" for i, name in enumerate(names)}
        parts = sorted((re.escape(n) for n in self.names if n.strip()), key=len, reverse=True)
        self.pattern = re.compile(r"(?<!\w)(" + "|".join(parts) + r")(?!\w)") if parts else None

    def text(self, text: str) -> str:
        if self.pattern is None:
            return text
        return self.pattern.sub(lambda m: self.names[m.group(1)], text)

    def message(self, message: Message) -> Message:
        if self.pattern is None:
            return message
        from dataclasses import replace

        sender = self.names.get(message.sender or "", message.sender)
        return replace(message, sender=sender, text=self.text(message.text))


def _letters(index: int) -> str:
    """A, B, …, Z, AA, AB, … for the n-th person."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def analyze_export(
    path: str | Path, *, model: ToneModel | str | Path | None = None, options: ExportOptions | None = None
) -> ExportAnalysis:
    """Open a chat export for analysis (format detected from the content unless given)."""
    return ExportAnalysis(path, Analyzer(model), options or ExportOptions())


def list_models(directories: Sequence[str | Path] = ()) -> list[tuple[Path, dict[str, Any]]]:
    """Model directories (those with a ``card.json``) and their cards, shipped ones first."""
    import json
    import os

    from tone.model import CARD_FILE, REPO_MODELS

    roots = [REPO_MODELS]
    if os.environ.get("TONE_MODEL"):
        roots.append(Path(os.environ["TONE_MODEL"]))
    roots += [Path(d) for d in directories]
    found: dict[Path, dict[str, Any]] = {}
    for root in roots:
        candidates = (
            [root] if (root / CARD_FILE).exists() else sorted(p for p in root.glob("*") if p.is_dir())
        )
        for directory in candidates:
            card_path = directory / CARD_FILE
            if card_path.exists() and directory.resolve() not in found:
                try:
                    found[directory.resolve()] = json.loads(card_path.read_text(encoding="utf-8"))
                except json.JSONDecodeError:
                    found[directory.resolve()] = {"error": "card.json is not valid JSON"}
    return list(found.items())
