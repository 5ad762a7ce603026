"""Tokenize a message chunk by chunk, each distinct chunk once: spaCy's tokens without a ``Doc``.

spaCy's tokenizer cuts a text at whitespace first and then tokenizes each run of
non-whitespace characters (a *chunk*: ``"you're"``, ``"late!!"``, ``"https://x.y"``) on its
own, with prefixes, suffixes, infixes, URLs and special cases that all stay inside the chunk.
The tokens of a message are therefore the tokens of its chunks, shifted by where each chunk
starts; whitespace between chunks only ever makes whitespace tokens, which tone drops. What
cost time was building a ``Doc`` per message and reading it back (~35 µs of ~90), not
tokenizing: chat words repeat, so this module asks spaCy about each distinct chunk once,
keeps what annotation needs from it, and assembles messages from those.

One rule crosses chunks: after tokenizing, spaCy looks for its special cases as token
sequences over the whole ``Doc`` (``":)"`` cut into ``":"`` and ``")"`` is glued back). A
match spanning two chunks is not applied (its text would contain the space), but it can
hide an overlapping match inside one chunk (``"( :)x"``: ``"( :"`` hides ``":)"``). Such a match
needs a chunk that *ends with* the first tokens of some special case and a next chunk that
*starts with* the rest (:attr:`ChunkMemo.joins` lists every such cut, as text), whatever the
chunks' own tokens are. Messages with such a pair of chunks are not assembled here: the
caller tokenizes them whole with spaCy (one message in 600 of the bench's chat text, as
``"time: probably"`` could hold ``":p"``). ``tests/test_chunks.py`` and ``scripts/check_identical.py`` compare both paths.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from itertools import accumulate, chain, pairwise
from typing import NamedTuple, overload


class Chunk(NamedTuple):
    """What annotation keeps of one chunk's tokens (all of them: a chunk has no whitespace)."""

    forms: tuple[str, ...]
    symbols: tuple[int, ...]
    #: character ``(start, end)`` of each token, relative to the chunk.
    spans: tuple[tuple[int, int], ...]
    #: the ends of special cases (cut between two of their tokens) that this chunk starts with.
    heads: frozenset[str]
    #: the beginnings of special cases (cut between two tokens) that this chunk ends with.
    tails: frozenset[str]


class Tokens(NamedTuple):
    """A message's tokens as annotation needs them: forms, cue-rule symbols, offsets."""

    forms: tuple[str, ...]
    symbols: list[int]
    offsets: Sequence[tuple[int, int]]


class ChunkOffsets(Sequence[tuple[int, int]]):
    """The ``(start, end)`` of each token of a message made of chunks, worked out when first read.

    Most messages never need them (they place cues, explanations and rewrites), and making
    the pairs took as long as everything else that assembling a message does.

    >>> offsets = ChunkOffsets(" ab c", ["ab", "c"], [((0, 1), (1, 2)), ((0, 1),)])
    >>> offsets == ((1, 2), (2, 3), (4, 5)), offsets[-1], len(offsets)
    (True, (4, 5), 3)
    """

    __slots__ = ("_offsets", "_spans", "_text", "_words")

    def __init__(self, text: str, words: list[str], spans: list[tuple[tuple[int, int], ...]]):
        self._text = text
        self._words = words
        self._spans = spans
        self._offsets: tuple[tuple[int, int], ...] | None = None

    def _resolved(self) -> tuple[tuple[int, int], ...]:
        if self._offsets is None:
            starts = _starts(self._text, self._words)
            self._offsets = tuple(
                [
                    (start + a, start + b)
                    for start, spans in zip(starts, self._spans, strict=True)
                    for a, b in spans
                ]
            )
        return self._offsets

    @overload
    def __getitem__(self, index: int) -> tuple[int, int]: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[tuple[int, int], ...]: ...

    def __getitem__(self, index: int | slice) -> tuple[int, int] | tuple[tuple[int, int], ...]:
        return self._resolved()[index]

    def __len__(self) -> int:
        return len(self._resolved())

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return iter(self._resolved())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ChunkOffsets):
            other = other._resolved()
        return self._resolved() == other

    def __hash__(self) -> int:
        return hash(self._resolved())

    def __repr__(self) -> str:
        return repr(self._resolved())


def _starts(text: str, words: list[str]) -> list[int]:
    """Where each of ``words`` (``text.split()``) starts in ``text``.

    >>> _starts("a bc d", ["a", "bc", "d"]), _starts(" a\\n\\nbc ", ["a", "bc"])
    ([0, 2, 5], [1, 4])
    """
    if len(text) == sum(map(len, words)) + len(words) - 1:
        # one whitespace character between words and none around them (most messages)
        return [0, *accumulate(len(word) + 1 for word in words[:-1])]
    starts = []
    position = 0
    for word in words:
        # the word starts at the first non-space character on: find cannot stop earlier
        start = text.find(word, position)
        starts.append(start)
        position = start + len(word)
    return starts


class ChunkMemo:
    """A bounded cache from chunk text to :class:`Chunk`, and messages assembled from it.

    ``tokenize_chunk`` asks spaCy about one chunk; ``joins`` holds each special case of the
    tokenizer cut in two between tokens, as ``(text before, text after)`` (see the module
    docstring), or is ``None`` when the tokenizer's special cases rule chunks out altogether.
    """

    MAX_CHUNKS = 200_000  # bounds memory on huge, varied inputs (~100 MB); refilled as needed

    def __init__(self, tokenize_chunk: Callable[[str], Chunk], joins: frozenset[tuple[str, str]] | None):
        self.tokenize_chunk = tokenize_chunk
        self.joins = joins
        self.chunks: dict[str, Chunk] = {}

    def chunk(self, text: str) -> Chunk:
        """The tokens of one chunk, asking spaCy only the first time it is seen."""
        found = self.chunks.get(text)
        if found is None:
            if len(self.chunks) >= self.MAX_CHUNKS:
                self.chunks.clear()
            found = self.chunks[text] = self.tokenize_chunk(text)
        return found

    def tokens(self, text: str) -> Tokens | None:
        """The tokens of ``text``, or ``None`` when spaCy must see it whole (see the module doc).

        >>> chunk = lambda c: Chunk((c.lower(),), (0,), ((0, len(c)),), frozenset(), frozenset())
        >>> memo = ChunkMemo(chunk, frozenset())
        >>> memo.tokens(" You  know")
        Tokens(forms=('you', 'know'), symbols=[0, 0], offsets=((1, 4), (6, 10)))
        """
        joins = self.joins
        if joins is None:
            return None
        words = text.split()
        get = self.chunks.get
        chunks = [get(word) or self.chunk(word) for word in words]
        if len(chunks) == 1 and text[0] == words[0][0]:
            only = chunks[0]
            return Tokens(only.forms, list(only.symbols), only.spans)
        if joins and self._joined(chunks, joins):
            return None
        forms = tuple(chain.from_iterable(chunk.forms for chunk in chunks))
        symbols = list(chain.from_iterable(chunk.symbols for chunk in chunks))
        return Tokens(forms, symbols, ChunkOffsets(text, words, [chunk.spans for chunk in chunks]))

    @staticmethod
    def _joined(chunks: list[Chunk], joins: frozenset[tuple[str, str]]) -> bool:
        """Whether two neighbouring chunks could hold one special case between them."""
        for left, right in pairwise(chunks):
            if left.tails and right.heads and any((a, b) in joins for a in left.tails for b in right.heads):
                return True
        return False
