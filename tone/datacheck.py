"""Quality controls for a labelled corpus: schema, duplicates, balance, lengths, registers.

``check_corpus`` reads the data with the same strict reader training uses (so a schema error
is reported as ``FILE:LINE``), then measures what a person reviewing a corpus wants to know:
exact and near-duplicate rates, label counts, how long messages are, which registers they
are written in, and — when a writer split is given — near-duplicates that straddle it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tone.duplicates import near_duplicate_pairs
from tone.io.datasets import Example, read_examples
from tone.model import DEFAULT_LABELS

_EMOJI = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf\u2764\ufe0f]")
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?", re.UNICODE)
LENGTH_BINS = ((1, 3), (4, 10), (11, 30), (31, 60), (61, 120), (121, 10_000))


@dataclass
class CorpusReport:
    """What ``check_corpus`` found; every field is JSON-ready."""

    n: int
    labels: dict[str, int]
    none: int
    mixed: int
    writers: dict[str, int]
    exact_duplicates: int
    same_writer_duplicates: int
    near_duplicate_pairs: int
    near_duplicate_rate: float
    straddling_pairs: int
    lengths: dict[str, int]
    registers: dict[str, int]
    examples_of_near_duplicates: list[tuple[str, str]] = field(default_factory=list)

    def problems(self, *, min_label: int = 0, min_none_share: float = 0.0) -> list[str]:
        """Targets the corpus misses, as sentences (empty when all are met)."""
        found = []
        found += [
            f"label {k!r} has {v} examples (< {min_label})" for k, v in self.labels.items() if v < min_label
        ]
        if self.n and self.none / self.n < min_none_share:
            found.append(
                f"messages with no label are {self.none / self.n:.1%} of the corpus (< {min_none_share:.0%})"
            )
        if self.same_writer_duplicates:
            found.append(f"{self.same_writer_duplicates} texts repeated by the same writer")
        return found


def register_of(text: str) -> list[str]:
    """Registers a message is written in (several can apply).

    >>> register_of("OMG STOP IT NOW PLEASE")
    ['all-caps']
    >>> register_of("ok 👍")
    ['lowercase', 'emoji', 'one-to-three-words']
    """
    words = _WORD.findall(text)
    letters = [c for c in text if c.isalpha()]
    tags = []
    if not words:
        tags.append("emoji-only" if _EMOJI.search(text) else "symbols-only")
    elif len(letters) >= 4 and sum(c.isupper() for c in letters) / len(letters) > 0.8:
        tags.append("all-caps")
    elif not any(c.isupper() for c in letters):
        tags.append("lowercase")
    if words and _EMOJI.search(text):
        tags.append("emoji")
    if 0 < len(words) <= 3:
        tags.append("one-to-three-words")
    if len(words) > 50:
        tags.append("long")
    if re.search(
        r"^(dear|hi|hello)\b.*\n|(kind regards|best wishes|many thanks|thanks,)\s*\n?\s*\w+\s*$",
        text,
        re.I | re.S,
    ):
        tags.append("email-style")
    return tags


def length_bin(n_words: int) -> str:
    for low, high in LENGTH_BINS:
        if low <= n_words <= high:
            return f"{low}-{high}" if high < 10_000 else f"{low}+"
    return "0"


def check_corpus(
    sources: Sequence[str | Path],
    *,
    test_writers: Sequence[str] | None = None,
    threshold: float = 0.8,
) -> CorpusReport:
    """Validate and measure a labelled corpus (raises ``DataError`` on schema problems)."""
    examples = read_examples(sources)
    texts = [e.text for e in examples]
    normalised = Counter(" ".join(t.lower().split()) for t in texts)
    pairs = near_duplicate_pairs(texts, threshold)
    in_pairs = {i for pair in pairs for i in pair}
    test = set(test_writers or ())
    straddle = [(i, j) for i, j in pairs if (examples[i].writer in test) != (examples[j].writer in test)]
    return CorpusReport(
        n=len(examples),
        labels=_label_counts(examples),
        none=sum(not e.labels for e in examples),
        mixed=sum(len(e.labels) > 1 for e in examples),
        writers=dict(sorted(Counter(e.writer or "-" for e in examples).items())),
        exact_duplicates=sum(count - 1 for count in normalised.values()),
        same_writer_duplicates=_same_writer_duplicates(examples),
        near_duplicate_pairs=len(pairs),
        near_duplicate_rate=round(len(in_pairs) / len(examples), 4) if examples else 0.0,
        straddling_pairs=len(straddle) if test else 0,
        lengths=_lengths(texts),
        registers=dict(Counter(tag for t in texts for tag in register_of(t)).most_common()),
        examples_of_near_duplicates=[(texts[i], texts[j]) for i, j in pairs[:10]],
    )


def _same_writer_duplicates(examples: Sequence[Example]) -> int:
    """Exact repeats within one writer's messages (across writers, "k" twice is just life)."""
    seen = Counter((e.writer, " ".join(e.text.lower().split())) for e in examples)
    return sum(count - 1 for count in seen.values())


def _label_counts(examples: Sequence[Example]) -> dict[str, int]:
    counts = Counter(label for e in examples for label in e.labels)
    ordered = [label for label in DEFAULT_LABELS if label in counts] + sorted(
        set(counts) - set(DEFAULT_LABELS)
    )
    return {label: counts[label] for label in ordered}


def _lengths(texts: Sequence[str]) -> dict[str, int]:
    counts = Counter(length_bin(len(t.split())) for t in texts)
    return {length_bin(low): counts.get(length_bin(low), 0) for low, _ in LENGTH_BINS}


def as_dict(report: CorpusReport) -> dict[str, Any]:
    from dataclasses import asdict

    return asdict(report)
