"""spaCy in one place: the blank English pipeline plus the cue rules, and nothing else.

Cue rules are data: ``tone/resources/cues/*.jsonl`` hold SpanRuler patterns
(``{"label", "pattern", "id"}``) and ``categories.json`` says which tone each cue category
is evidence for. The same spans feed the classifier's features, the explanations shown to
users and the rephraser, so they are computed once per message here.

Nothing needs a model download: ``spacy.blank("en")`` gives the tokenizer and norm
exceptions ("'re" → "are"); a small texting map ("u" → "you") is applied on top.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from tone.errors import ModelError
from tone.text import normalise

RESOURCES = Path(__file__).parent / "resources"
CUES_DIR = RESOURCES / "cues"
SPANS_KEY = "tone_cues"
#: messages per spaCy batch; large enough to amortise overhead, small enough to stream.
BATCH_SIZE = 512

_ELONGATION = re.compile(r"(.)\1{2,}")


@dataclass(frozen=True, slots=True)
class Cue:
    """A span of the message that a cue rule marked, with character offsets."""

    start: int
    end: int
    text: str
    category: str


@dataclass(frozen=True, slots=True)
class Annotated:
    """What the rest of tone needs from spaCy for one message."""

    text: str
    tokens: tuple[str, ...]
    cues: tuple[Cue, ...]
    #: character ``(start, end)`` of each token, aligned with ``tokens``.
    offsets: tuple[tuple[int, int], ...] = ()


def load_cue_patterns(directory: Path = CUES_DIR) -> list[dict[str, Any]]:
    """Read every ``*.jsonl`` pattern file in ``directory``, checking each line's shape.

    Files are read in name order so the pattern list (and the model built on it) is
    deterministic.
    """
    patterns: list[dict[str, Any]] = []
    for path in sorted(directory.glob("*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if line.strip():
                    patterns.append(_parse_pattern_line(line, path, number))
    return patterns


def _parse_pattern_line(line: str, path: Path, number: int) -> dict[str, Any]:
    try:
        pattern = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ModelError(f"invalid JSON in cue pattern ({exc.msg})", path=path, line=number) from None
    if not isinstance(pattern, dict) or not {"label", "pattern"} <= pattern.keys():
        raise ModelError("a cue pattern needs 'label' and 'pattern'", path=path, line=number)
    if not isinstance(pattern["pattern"], str | list):
        raise ModelError("'pattern' must be a phrase or a list of tokens", path=path, line=number)
    return pattern


def load_cue_categories(directory: Path = CUES_DIR) -> dict[str, tuple[str, ...]]:
    """Map each cue category to the tones it is evidence for (``none`` included)."""
    path = directory / "categories.json"
    if not path.exists():
        return {}
    raw = json.loads(path.read_text(encoding="utf-8"))
    return {name: tuple(entry.get("tones", ())) for name, entry in raw.items()}


def fingerprint(patterns: Sequence[dict[str, Any]]) -> str:
    """A stable hash of a pattern list, so pipelines can be cached and models checked."""
    canonical = json.dumps(list(patterns), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def build_pipeline(patterns: Sequence[dict[str, Any]]) -> Any:
    """Build ``spacy.blank("en")`` with a SpanRuler holding ``patterns``.

    spaCy is imported here, not at module import, so that ``tone --help`` stays instant.
    """
    import spacy

    nlp = spacy.blank("en")
    if not patterns:  # an empty SpanRuler only warns; tokenizing alone is the same result
        return nlp
    ruler = nlp.add_pipe(
        "span_ruler",
        config={
            "spans_key": SPANS_KEY,
            "phrase_matcher_attr": "LOWER",
            "validate": True,
            "overwrite": False,
        },
    )
    ruler.add_patterns(list(patterns))
    return nlp


_PIPELINES: dict[str, Any] = {}


def get_pipeline(patterns: Sequence[dict[str, Any]]) -> Any:
    """Return a cached pipeline for ``patterns`` (building one costs ~0.2 s)."""
    key = fingerprint(patterns)
    if key not in _PIPELINES:
        _PIPELINES[key] = build_pipeline(patterns)
    return _PIPELINES[key]


@lru_cache(maxsize=1)
def texting_norms() -> dict[str, str]:
    """Texting spellings mapped to the word they stand for ("u" → "you")."""
    path = RESOURCES / "texting_norms.json"
    return dict(json.loads(path.read_text(encoding="utf-8")))


def token_form(lower: str, norm: str, norms: dict[str, str]) -> str:
    """The form a token contributes to word features.

    >>> token_form("u", "u", {"u": "you"})
    'you'
    >>> token_form("sooooo", "sooooo", {})
    'soo'
    """
    form = norms.get(lower, norm)
    return _ELONGATION.sub(r"\1\1", form)


def annotate(
    texts: Iterable[str],
    patterns: Sequence[dict[str, Any]],
    batch_size: int = BATCH_SIZE,
) -> Iterator[Annotated]:
    """Tokenize and mark cues in ``texts``, streaming, in input order."""
    nlp = get_pipeline(patterns)
    norms = texting_norms()
    normalised = (normalise(text) for text in texts)
    for doc in nlp.pipe(normalised, batch_size=batch_size):
        words = [t for t in doc if not t.is_space]
        tokens = tuple(token_form(t.lower_, t.norm_, norms) for t in words)
        offsets = tuple((t.idx, t.idx + len(t.text)) for t in words)
        spans = doc.spans.get(SPANS_KEY, ())
        cues = tuple(
            Cue(span.start_char, span.end_char, span.text, span.label_)
            for span in sorted(spans, key=lambda s: (s.start_char, s.end_char))
        )
        yield Annotated(doc.text, tokens, cues, offsets)
