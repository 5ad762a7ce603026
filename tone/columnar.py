"""Score-ready features and cues of a whole batch from flat arrays: no record per message.

:func:`~tone.nlp.annotate` gives each message an :class:`~tone.nlp.Annotated` record (token
tuples, offsets, cue records) and each feature block then reads the records one by one. A
scoring worker needs none of them: only the feature matrix and the cue spans it sends back.
Here the batch's chunks become unit numbers (:class:`~tone.chunk_columns.ChunkColumns`), and
the token form ids, cue-rule symbols and character n-gram ids of the whole batch are gathered
from the units' arrays; word and character TF-IDF, cue matching, cue counts and the spans are
computed for the batch at once. The weights come from the same functions the per-message
path calls (:meth:`WordTfidf.matrix <tone.tfidf.WordTfidf.matrix>`, :meth:`CharNgrams.weigh
<tone.features.CharNgrams.weigh>`, :meth:`CueCounts.count_categories
<tone.features.CueCounts.count_categories>`), fed the same n-grams and cues, so the matrix is
the same to the byte (``tests/test_columnar.py``, ``scripts/check_identical.py``).

Explanations, rewrites and training still annotate message by message: they read the records.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp

from tone.char_codes import AsciiGramIds, ids_one_by_one
from tone.chunk_columns import BatchUnits, ChunkColumns, TableArrays, gather_ranges
from tone.cue_rules import CueRules
from tone.feature_weights import CharTfidfWeights, CueCountWeights
from tone.nlp import chunk_memo, tokenize_chunks_flat, tokenize_whole
from tone.text import normalise
from tone.tfidf import TokenGrams, WordTfidf


@dataclass(frozen=True, slots=True)
class BatchFeatures:
    """A batch's feature matrix and its cues, as :class:`~tone.scored_batch.ScoredBatch` holds them.

    ``cue_spans`` holds ``(start, end, category index)`` of every cue, message after message,
    in the order :func:`~tone.nlp.annotate` gives them; ``categories`` names the indices in
    order of first appearance.
    """

    X: Any
    cue_counts: np.ndarray
    cue_spans: np.ndarray
    categories: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Tokens:
    """The batch's tokens laid end to end: which unit each comes from, and its place in the table."""

    positions: np.ndarray
    per_message: np.ndarray
    unit_of_token: np.ndarray


class ColumnarFeatures:
    """The features of a model whose union is word TF-IDF, character n-grams and cue counts.

    Build it with :meth:`for_pipeline`, which says ``None`` for any other pipeline (those
    keep the per-message path).
    """

    def __init__(
        self,
        rules: CueRules,
        words: WordTfidf,
        chars: CharTfidfWeights,
        cues: CueCountWeights,
        order: list[str],
    ):
        self.rules = rules
        self.words = words
        self.chars = chars
        self.cues = cues
        self.order = order
        # a TokenGrams of its own: the table numbers its forms (WordTfidf's serves the other path)
        self.grams = TokenGrams(words.vocabulary, 2, max_forms=None)
        self.table = ChunkColumns(
            chunk_memo(rules),
            lambda chunks: tokenize_chunks_flat(chunks, rules),
            lambda texts: tokenize_whole(texts, rules),
            self.grams,
            _char_ids(chars),
        )

    @classmethod
    def for_pipeline(cls, pipeline: Any, routes: list[Callable[..., Any]] | None) -> ColumnarFeatures | None:
        """The columnar route of a fitted pipeline, or ``None`` when it has other blocks or settings."""
        if routes is None:
            return None
        from tone.features import CharNgrams, CueCounts

        blocks: dict[str, Any] = {}
        for route in routes:
            owner = getattr(route, "__self__", None)
            if isinstance(owner, WordTfidf) and owner.grams is not None and owner.grams.max_n == 2:
                blocks.setdefault("words", owner)
            elif type(owner) is CharNgrams:
                blocks.setdefault("chars", owner)
            elif type(owner) is CueCounts:
                blocks.setdefault("cues", owner)
            else:
                return None
        if len(blocks) != 3 or len(routes) != 3:
            return None
        rules = pipeline.named_steps["annotate"].rules_
        return cls(rules, blocks["words"], blocks["chars"], blocks["cues"], list(blocks))

    def transform(self, texts: list[str]) -> BatchFeatures:
        """The features and cues of ``texts`` (raw messages), equal to the per-message path's."""
        batch = self.table.units([normalise(text) for text in texts])
        arrays = self.table.arrays()
        tokens = self._tokens(batch, arrays)
        n = len(texts)
        names, counts, spans, categories = self._cues(batch, tokens, arrays)
        blocks = {
            "words": self._words(tokens, arrays, n),
            "chars": self._chars(batch, arrays, n),
            "cues": self.cues.count_categories(names),
        }
        X = sp.hstack([blocks[name] for name in self.order]).tocsr()
        return BatchFeatures(X, counts, spans, categories)

    @staticmethod
    def _tokens(batch: BatchUnits, arrays: TableArrays) -> _Tokens:
        token_first, token_count = arrays.token_first[batch.units], arrays.token_count[batch.units]
        ends = np.concatenate(([0], np.cumsum(token_count)))
        unit_ends = np.cumsum(batch.per_message)
        per_message = ends[unit_ends] - ends[unit_ends - batch.per_message]
        unit_of_token = np.repeat(np.arange(batch.units.size), token_count)
        return _Tokens(gather_ranges(token_first, token_count), per_message, unit_of_token)

    def _words(self, tokens: _Tokens, arrays: TableArrays, n: int) -> Any:
        forms = arrays.form[tokens.positions].astype(np.int64)
        rows = np.repeat(np.arange(n), tokens.per_message)
        return self.words.matrix(*self.grams.columns_of_ids(forms, rows), n)

    def _chars(self, batch: BatchUnits, arrays: TableArrays, n: int) -> Any:
        char_first, char_count = arrays.char_first[batch.units], arrays.char_count[batch.units]
        columns = arrays.chars[gather_ranges(char_first, char_count)]
        unit_rows = np.repeat(np.arange(n), batch.per_message)
        return self.chars.weigh(np.repeat(unit_rows, char_count), columns, n)

    def _cues(
        self, batch: BatchUnits, tokens: _Tokens, arrays: TableArrays
    ) -> tuple[list[list[str]], np.ndarray, np.ndarray, tuple[str, ...]]:
        """Each message's cue categories, the cue count per message, every cue's span, the categories."""
        n = tokens.per_message.size
        symbols = arrays.symbol[tokens.positions].astype(np.int64)
        found = self.rules.batch_matcher().find_flat(symbols, tokens.per_message)
        names: list[list[str]] = [[] for _ in range(n)]
        if not found:
            return names, np.zeros(n, dtype=np.int32), np.zeros((0, 3), dtype=np.int32), ()
        starts, stops, states = (np.concatenate(parts) for parts in zip(*found, strict=True))
        firsts = np.cumsum(tokens.per_message) - tokens.per_message
        messages = np.searchsorted(firsts, starts, side="right") - 1
        bases = batch.unit_bases(arrays.length[batch.units], np.unique(messages).tolist())
        first_token, last_token = tokens.positions[starts], tokens.positions[stops - 1]
        begins = bases[tokens.unit_of_token[starts]] + arrays.start[first_token]
        ends = bases[tokens.unit_of_token[stops - 1]] + arrays.end[last_token]
        state_labels = self.rules._state_labels
        # token and character order agree (tokens neither overlap nor are empty): sorted as
        # annotate sorts each message's cues, and duplicates dropped as it drops them
        cues = sorted(
            {
                (m, begin, end, label)
                for m, begin, end, state in zip(
                    messages.tolist(), begins.tolist(), ends.tolist(), states.tolist(), strict=True
                )
                for label in state_labels[state]
            }
        )
        index: dict[str, int] = {}
        spans = []
        for m, begin, end, label in cues:
            names[m].append(label)
            spans.append((begin, end, index.setdefault(label, len(index))))
        counts = np.bincount([cue[0] for cue in cues], minlength=n).astype(np.int32)
        return names, counts, np.array(spans, dtype=np.int32).reshape(-1, 3), tuple(index)


def _char_ids(chars: CharTfidfWeights) -> Callable[[list[str]], tuple[np.ndarray, np.ndarray]]:
    """How the table gets new words' character n-gram ids: coded with numpy where the lengths allow."""
    low, high = chars.ngram_range
    if AsciiGramIds.supports(low, high):
        return AsciiGramIds(chars.vocabulary_, low, high, chars.word_ids).ids
    return ids_one_by_one(chars.word_ids)
