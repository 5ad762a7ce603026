"""Grow your own labelled data: the messages a model is least sure of, labelled one at a time.

Sits after ``api`` in the data flow (``api`` → ``annotate`` → ``cli``): it scores with
:class:`~tone.analyzer.Analyzer` and writes the JSONL that ``tone train`` reads. Like the rest of
the library it never prints; ``tone label`` renders its cards and feeds it key presses.

>>> session = open_session("messages.txt", "labels.jsonl")      # doctest: +SKIP
>>> session.card().text                                          # doctest: +SKIP
'fine. do whatever you want.'
>>> session.toggle("contempt"); session.accept()                 # doctest: +SKIP
LabelDecision(text='fine. do whatever you want.', source='messages.txt:7', labels=('contempt',), ...)

Every decision is appended to the output file and flushed to disk before the next message
is shown, so a crash loses nothing; rerunning with the same ``--out`` resumes.
"""

from __future__ import annotations

import zipfile
from collections import Counter, deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from tone.analyzer import Analyzer
from tone.errors import InputError
from tone.io.datasets import text_key
from tone.io.inputs import INPUT_FORMATS, InputText, read_texts
from tone.io.labelfile import LabelDecision, LabelFile
from tone.model import ToneModel
from tone.results import KeyOutcome, LabelCard, LabelChoice, LabelProgress, LabelSummary

ACCEPT_KEYS = ("a", "\r", "\n")
SKIP_KEY, UNDO_KEY, QUIT_KEY = "s", "u", "q"
#: keys for labels, in order: digits first, then letters the actions do not use.
LABEL_KEYS = "123456789bcdefghijklmnoprtvwxyz"
#: probabilities are clipped this far from 0 and 1 before taking logits.
_EPSILON = 1e-6


@dataclass(frozen=True)
class Candidate:
    """A message to label, the model's view of it and how unsure the model is."""

    text: str
    source: str
    scores: dict[str, float]
    guess: tuple[str, ...]
    uncertainty: float
    order: int = 0


def chat_formats() -> tuple[str, ...]:
    from tone.io.chats import FORMATS

    return FORMATS


def load_messages(path: str | Path, input_format: str | None = None) -> list[InputText]:
    """The distinct, non-empty text messages of a messages file or a chat export, in file order.

    ``input_format`` is ``txt``/``csv``/``jsonl`` for a messages file or a chat format name
    (``whatsapp``, ``telegram``, …); by default a recognised chat export is read as one and
    anything else by its suffix. Messages that repeat one already seen (same
    :func:`~tone.io.datasets.text_key`) are dropped: one decision per text.
    """
    valid = INPUT_FORMATS + chat_formats()
    if input_format is not None and input_format not in valid:
        raise InputError(f"unknown format {input_format!r}; use one of {', '.join(valid)}")
    if _is_chat_export(Path(path), input_format):
        items: Iterable[InputText] = _chat_messages(Path(path), input_format)
    else:
        items = read_texts(path, input_format=input_format)
    seen: set[str] = set()
    messages = []
    for item in items:
        key = text_key(item.text)
        if key and key not in seen:
            seen.add(key)
            messages.append(item)
    return messages


def _is_chat_export(path: Path, input_format: str | None) -> bool:
    from tone.errors import FormatError
    from tone.io.chats import detect_format

    if input_format is not None:
        return input_format not in INPUT_FORMATS
    if path.is_dir() or zipfile.is_zipfile(path):
        return True
    try:
        # A messages .csv/.jsonl with a text column looks like a "generic" export; read_texts
        # keeps its own line numbers and errors for those.
        return detect_format(path) != "generic"
    except FormatError:
        return False


def _chat_messages(path: Path, chat_format: str | None) -> Iterator[InputText]:
    from tone.io.chats import read_chat
    from tone.io.records import Message

    number = 0
    for record in read_chat(path, chat_format).records():
        if isinstance(record, Message):
            number += 1
            if record.kind == "text":
                yield InputText(record.text, record.line or number, str(path))


def uncertainty(proba: np.ndarray, thresholds: np.ndarray) -> np.ndarray:
    """How unsure a model is of each message: the smallest log-odds gap to a label's threshold.

    For each label, ``|logit(p) - logit(threshold)|``; a message's uncertainty is the smallest
    over its labels, so 0 means one label sits exactly on its decision boundary: one more
    example there is most likely to move the model's decision. Why not entropy: tone decides
    each label at its own threshold from the model card, not at 0.5, so for a label cut at 0.2
    the close call is a probability near 0.2, which entropy counts as fairly sure. Why logits:
    distances near 0 or 1 are compressed on the probability scale; 0.02 against a threshold of
    0.01 looks like a near-tie there but doubles the odds, as 0.67 against 0.5 does.

    >>> proba = np.array([[0.9, 0.21], [0.7, 0.05], [0.99, 0.6]])
    >>> uncertainty(proba, np.array([0.5, 0.2])).round(2).tolist()
    [0.06, 0.85, 1.79]
    """
    p = np.clip(np.asarray(proba, dtype=np.float64), _EPSILON, 1 - _EPSILON)
    t = np.clip(np.asarray(thresholds, dtype=np.float64), _EPSILON, 1 - _EPSILON)
    gap = np.abs(_logit(p) - _logit(t))
    return np.asarray(gap.min(axis=1), dtype=np.float64)


def _logit(p: np.ndarray) -> np.ndarray:
    return np.asarray(np.log(p) - np.log1p(-p))


def rank_by_uncertainty(messages: Sequence[InputText], analyzer: Analyzer) -> list[Candidate]:
    """Score ``messages`` and order them most uncertain first; ties keep file order."""
    labels = analyzer.labels
    results = list(analyzer.score_many(m.text for m in messages))
    if not results:
        return []
    proba = np.array([[r.scores[label] for label in labels] for r in results])
    gaps = uncertainty(proba, analyzer.model.thresholds)
    candidates = [
        Candidate(m.text, f"{m.source}:{m.line}", r.scores, r.labels, float(gap), order)
        for order, (m, r, gap) in enumerate(zip(messages, results, gaps, strict=True))
    ]
    return sorted(candidates, key=lambda c: (c.uncertainty, c.order))


def assign_keys(labels: Sequence[str]) -> dict[str, str]:
    """One key per label: digits 1-9, then letters that no action uses.

    >>> assign_keys(["criticism", "contempt"])
    {'1': 'criticism', '2': 'contempt'}
    """
    if len(labels) > len(LABEL_KEYS):
        raise InputError(f"{len(labels)} labels is more than the {len(LABEL_KEYS)} keys tone label has")
    return dict(zip(LABEL_KEYS, labels, strict=False))


def parse_labels(option: str | None) -> tuple[str, ...]:
    """Label names from ``--labels a,b,c``: trimmed, no blanks, no repeats.

    >>> parse_labels(" defensiveness, stonewalling,,defensiveness")
    ('defensiveness', 'stonewalling')
    """
    names = (name.strip() for name in (option or "").split(","))
    return tuple(dict.fromkeys(name for name in names if name))


class LabelSession:
    """One annotator working through candidates, most uncertain first.

    ``toggle``, ``accept``, ``skip``, ``undo`` and ``quit`` are the actions; ``press`` maps a
    key to one of them. ``card()`` is what to show now; ``finished`` turns true on quit, when
    no candidate is left, or after ``limit`` decisions.
    """

    def __init__(
        self,
        candidates: Sequence[Candidate],
        out: LabelFile,
        *,
        labels: Sequence[str],
        thresholds: dict[str, float],
        analyzer: Analyzer | None = None,
        limit: int | None = None,
    ):
        self.out = out
        self.labels = tuple(labels)
        self.keys = assign_keys(self.labels)
        self.thresholds = thresholds
        self.limit = limit
        self._analyzer = analyzer
        self._done = Counter(text_key(d.text) for d in out.decisions)
        self._pending = deque(c for c in candidates if text_key(c.text) not in self._done)
        self._known = {text_key(c.text): c for c in candidates}
        self._selected: set[str] = set()
        self._quit = False
        self._start = self.progress()
        self.undone = 0
        self._reset_selection()

    @property
    def current(self) -> Candidate | None:
        return self._pending[0] if self._pending else None

    @property
    def finished(self) -> bool:
        now = self.progress()
        made = now.labelled + now.skipped - self._start.labelled - self._start.skipped
        return self._quit or self.current is None or (self.limit is not None and made >= self.limit)

    @property
    def selected(self) -> tuple[str, ...]:
        """The labels switched on for the current message, in label order."""
        return tuple(label for label in self.labels if label in self._selected)

    def progress(self) -> LabelProgress:
        skipped = sum(d.skipped for d in self.out.decisions)
        return LabelProgress(len(self.out.decisions) - skipped, skipped, len(self._pending))

    def card(self) -> LabelCard | None:
        """The current message with its label choices; ``None`` when nothing is left."""
        current = self.current
        if current is None:
            return None
        choices = tuple(
            LabelChoice(
                key, label, label in self._selected, current.scores.get(label), self.thresholds.get(label)
            )
            for key, label in self.keys.items()
        )
        return LabelCard(current.text, current.source, choices, self.progress())

    def toggle(self, label: str) -> None:
        if label not in self.labels:
            raise InputError(f"unknown label {label!r}; this session labels {', '.join(self.labels)}")
        self._selected ^= {label}

    def accept(self) -> LabelDecision:
        """Save the current message with the selected labels and move on."""
        return self._decide(skipped=False)

    def skip(self) -> LabelDecision:
        """Record the current message as skipped (it is not shown again) and move on."""
        return self._decide(skipped=True)

    def _decide(self, *, skipped: bool) -> LabelDecision:
        current = self._pending.popleft()
        decision = LabelDecision(current.text, current.source, () if skipped else self.selected, skipped)
        self.out.append(decision)
        self._done[text_key(current.text)] += 1
        self._reset_selection()
        return decision

    def undo(self) -> LabelDecision | None:
        """Remove the last decision from the file and show that message again, as it was decided."""
        decision = self.out.pop()
        if decision is None:
            return None
        key = text_key(decision.text)
        self._done[key] -= 1
        self.undone += 1
        if self._done[key] > 0:
            return decision  # the file held this text twice (edited by hand): it is still done
        del self._done[key]
        self._pending.appendleft(self._known.get(key) or self._rescore(decision))
        self._reset_selection()
        if not decision.skipped:
            self._selected = set(decision.labels)
        return decision

    def _rescore(self, decision: LabelDecision) -> Candidate:
        """A decision from an earlier run whose message is not in this input: score it now."""
        if self._analyzer is None:
            return Candidate(decision.text, decision.source, {}, (), float("inf"))
        (result,) = self._analyzer.score_many([decision.text])
        return Candidate(decision.text, decision.source, result.scores, result.labels, float("inf"))

    def quit(self) -> None:
        self._quit = True

    def press(self, key: str) -> KeyOutcome:
        """Do what ``key`` means: a label key toggles, then a/Enter, s, u and q."""
        key = key.lower() if len(key) == 1 else key
        if key in self.keys:
            self.toggle(self.keys[key])
            return KeyOutcome(key, "toggle", self.keys[key])
        if key in ACCEPT_KEYS:
            return KeyOutcome(key, "accept", decision=self.accept())
        if key == SKIP_KEY:
            return KeyOutcome(key, "skip", decision=self.skip())
        if key == UNDO_KEY:
            decision = self.undo()
            return KeyOutcome(key, "undo" if decision else "empty-undo", decision=decision)
        if key == QUIT_KEY:
            self.quit()
            return KeyOutcome(key, "quit")
        return KeyOutcome(key, "unknown")

    def summary(self) -> LabelSummary:
        """What this session changed in the file (net of undos), and where the file stands."""
        now = self.progress()
        return LabelSummary(
            str(self.out.path),
            now.labelled - self._start.labelled,
            now.skipped - self._start.skipped,
            self.undone,
            now,
        )

    def _reset_selection(self) -> None:
        """Start each message from the model's guess: the labels at or above their thresholds."""
        current = self.current
        self._selected = set(current.guess) if current else set()


def open_session(
    source: str | Path,
    out: str | Path,
    *,
    model: ToneModel | str | Path | None = None,
    labels: Sequence[str] = (),
    input_format: str | None = None,
    limit: int | None = None,
) -> LabelSession:
    """Start (or resume) labelling the messages of ``source`` into the JSONL file ``out``.

    The labels are the model's, then any already used in ``out``, then ``labels`` (new ones
    the model does not know yet). Messages already labelled or skipped in ``out`` are not
    shown again.
    """
    if Path(out).resolve() == Path(source).resolve():
        raise InputError("--out must be another file than the messages being labelled", path=out)
    analyzer = Analyzer(model)
    messages = load_messages(source, input_format)
    label_file = LabelFile(out)
    used = (label for decision in label_file.decisions for label in decision.labels)
    all_labels = tuple(dict.fromkeys([*analyzer.labels, *used, *labels]))
    thresholds = dict(zip(analyzer.labels, map(float, analyzer.model.thresholds), strict=True))
    done = {text_key(d.text) for d in label_file.decisions}
    # Resume: score only what is left; undoing an earlier run's decision scores that one message.
    pending = [m for m in messages if text_key(m.text) not in done]
    candidates = rank_by_uncertainty(pending, analyzer)
    return LabelSession(
        candidates, label_file, labels=all_labels, thresholds=thresholds, analyzer=analyzer, limit=limit
    )
