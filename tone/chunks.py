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
*starts with* the rest (the cuts given to :class:`ChunkMemo`, as text), whatever the
chunks' own tokens are. Messages with such a pair of chunks are not assembled here: the
caller tokenizes them whole with spaCy (one message in 600 of the bench's chat text, as
``"time: probably"`` could hold ``":p"``). ``tests/test_chunks.py`` and ``scripts/check_identical.py`` compare both paths.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import accumulate, chain
from typing import NamedTuple, overload

import numpy as np


class Chunk(NamedTuple):
    """What annotation keeps of one chunk's tokens (all of them: a chunk has no whitespace)."""

    forms: tuple[str, ...]
    symbols: tuple[int, ...]
    #: where each token starts and ends, in characters from the start of the chunk.
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    #: bit ``k`` set: the chunk starts with what follows cut ``k`` of a special case.
    heads: int
    #: bit ``k`` set: the chunk ends with what precedes cut ``k`` of a special case.
    tails: int


#: what spaCy says of one chunk: its tokens' forms, cue-rule symbols, starts and ends.
TokenizedChunk = tuple[tuple[str, ...], tuple[int, ...], tuple[int, ...], tuple[int, ...]]


class FlatTokens(NamedTuple):
    """The tokens of many chunks (or messages) laid end to end, ``counts[i]`` of them for the i-th.

    What :class:`~tone.chunk_columns.ChunkColumns` stores; ``starts`` and ``ends`` are in
    characters from the start of each one's own text.
    """

    forms: list[str]
    symbols: list[int]
    starts: np.ndarray
    ends: np.ndarray
    counts: np.ndarray


class Tokens(NamedTuple):
    """A message's tokens as annotation needs them: forms, cue-rule symbols, offsets."""

    forms: tuple[str, ...]
    symbols: list[int]
    offsets: tuple[tuple[int, int], ...] | ChunkOffsets


class ChunkOffsets(Sequence[tuple[int, int]]):
    """The ``(start, end)`` of each token of a message made of chunks, worked out when first read.

    Most messages never need the pairs (explanations and rewrites do), and making them took
    as long as everything else that assembling a message does; cues need only
    :meth:`bounds`, two lists of small ints.

    >>> chunks = [Chunk(("a", "b"), (0, 0), (0, 1), (1, 2), 0, 0), Chunk(("c",), (0,), (0,), (1,), 0, 0)]
    >>> offsets = ChunkOffsets(" ab c", ["ab", "c"], chunks)
    >>> offsets == ((1, 2), (2, 3), (4, 5)), offsets[-1], len(offsets), offsets.bounds()
    (True, (4, 5), 3, ([1, 2, 4], [2, 3, 5]))
    """

    __slots__ = ("_bounds", "_chunks", "_offsets", "_text", "_words")

    def __init__(self, text: str, words: list[str], chunks: list[Chunk]):
        self._text = text
        self._words = words
        self._chunks = chunks
        self._bounds: tuple[list[int], list[int]] | None = None
        self._offsets: tuple[tuple[int, int], ...] | None = None

    def bounds(self) -> tuple[list[int], list[int]]:
        """Where each token starts, and where each ends, in characters."""
        if self._bounds is None:
            bases = list(zip(_starts(self._text, self._words), self._chunks, strict=True))
            self._bounds = (
                [base + a for base, chunk in bases for a in chunk.starts],
                [base + b for base, chunk in bases for b in chunk.ends],
            )
        return self._bounds

    def _resolved(self) -> tuple[tuple[int, int], ...]:
        if self._offsets is None:
            self._offsets = tuple(zip(*self.bounds(), strict=True))
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

    ``tokenize_chunks`` asks spaCy about new chunks, many at once: for each, its tokens' forms,
    cue-rule symbols, starts and ends. ``cuts`` holds each special case of the tokenizer cut in
    two between tokens, as ``(text before, text after)`` (see the module docstring), or is
    ``None`` when the tokenizer's special cases rule chunks out altogether.
    """

    MAX_CHUNKS = 200_000  # bounds memory on huge, varied inputs (~100 MB); refilled as needed

    def __init__(
        self,
        tokenize_chunks: Callable[[list[str]], list[TokenizedChunk]],
        cuts: Iterable[tuple[str, str]] | None,
    ):
        self.tokenize_chunks = tokenize_chunks
        self.usable = cuts is not None
        self._heads: dict[str, list[tuple[int, str]]] = {}
        self._tails: dict[str, list[tuple[int, str]]] = {}
        for bit, (before, after) in enumerate(sorted(cuts or ())):
            self._heads.setdefault(after[0], []).append((bit, after))
            self._tails.setdefault(before[-1], []).append((bit, before))
        self.chunks: dict[str, Chunk] = {}
        #: the chunks that start with the end of a special case: few, and quick to test as a set
        self.starting_cuts: set[str] = set()

    def learn(self, texts: Iterable[str]) -> None:
        """Ask spaCy, all at once, about the chunks of ``texts`` not seen yet.

        One ``Doc`` for a thousand new chunks costs about what one per chunk did for a few.
        """
        self._learn_words(word for text in texts for word in text.split())

    def _learn_words(self, words: Iterable[str]) -> None:
        known = self.chunks
        new = [word for word in dict.fromkeys(words) if word not in known]
        if not new:
            return
        if len(known) + len(new) > self.MAX_CHUNKS:
            known.clear()
            self.starting_cuts.clear()
        for word, tokenized in zip(new, self.tokenize_chunks(new), strict=True):
            heads, tails = self.cut_bits(word)
            known[word] = Chunk(*tokenized, heads, tails)
            if heads:
                self.starting_cuts.add(word)

    def cut_bits(self, word: str) -> tuple[int, int]:
        """:attr:`Chunk.heads` and :attr:`Chunk.tails` of one chunk (which special cases it could end or start)."""
        heads = sum(1 << bit for bit, after in self._heads.get(word[0], ()) if word.startswith(after))
        tails = sum(1 << bit for bit, before in self._tails.get(word[-1], ()) if word.endswith(before))
        return heads, tails

    def assemble(self, texts: list[str]) -> list[Tokens | None]:
        """:meth:`tokens` of each text, the batch's new chunks learnt first, each text split once."""
        if not self.usable:
            return [None] * len(texts)
        splits = [text.split() for text in texts]
        self._learn_words(chain.from_iterable(splits))
        return [self._tokens(text, words) for text, words in zip(texts, splits, strict=True)]

    def chunk(self, text: str) -> Chunk:
        """The tokens of one chunk, asking spaCy only the first time it is seen."""
        found = self.chunks.get(text)
        if found is None:
            self.learn([text])
            found = self.chunks[text]
        return found

    def tokens(self, text: str) -> Tokens | None:
        """The tokens of ``text``, or ``None`` when spaCy must see it whole (see the module doc).

        >>> memo = ChunkMemo(lambda cs: [((c.lower(),), (0,), (0,), (len(c),)) for c in cs], [("(", ":")])
        >>> memo.tokens(" You  know")
        Tokens(forms=('you', 'know'), symbols=[0, 0], offsets=((1, 4), (6, 10)))
        >>> memo.tokens("you ( :)") is None, memo.tokens("you (: )") is None
        (True, False)
        """
        return self._tokens(text, text.split()) if self.usable else None

    def _tokens(self, text: str, words: list[str]) -> Tokens | None:
        get = self.chunks.get
        chunks = [get(word) or self.chunk(word) for word in words]
        if not self.starting_cuts.isdisjoint(words):
            heads = [chunk.heads for chunk in chunks]
            tails = [chunk.tails for chunk in chunks]
            if any(map(int.__and__, tails, heads[1:])):
                return None  # a special case could run from one chunk into the next
        forms = tuple(chain.from_iterable(chunk.forms for chunk in chunks))
        symbols = list(chain.from_iterable(chunk.symbols for chunk in chunks))
        return Tokens(forms, symbols, ChunkOffsets(text, words, chunks))
