"""Cue rules run over a whole batch of messages at once: every start position steps together.

:meth:`CueRules.find_symbols <tone.cue_rules.CueRules.find_symbols>` walks the automaton from
each token of one message in Python: one dictionary lookup per token and step, ~8 µs of a
message's ~60. Here the tokens of a batch are one array; all start positions take their
first step together, then their second, and so on, each step one sorted-array lookup
(``np.searchsorted``) over every position still alive. Steps not yet computed are asked of
the rules (and cached there, as ever), so the matches are the same, in the same order
(``tests/test_cue_batch.py``, ``scripts/check_identical.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from tone.cue_rules import CueRules

Match = tuple[int, int, str]


class BatchMatcher:
    """Finds cue matches in many token sequences at once, with the rules' own DFA steps.

    The steps the rules have cached are mirrored in two sorted arrays (step key, next state);
    the mirror is dropped when the rules empty their cache (state numbers start again).
    """

    def __init__(self, rules: CueRules):
        self.rules = rules
        self._reset()

    def _reset(self) -> None:
        self._of = self.rules._steps
        self._keys = np.zeros(0, dtype=np.int64)
        self._next = np.zeros(0, dtype=np.int64)
        self._labelled = np.zeros(0, dtype=bool)
        self._first = np.zeros(0, dtype=np.int64)  # state 0's step by symbol: read by every token

    def find_many(self, sequences: Sequence[Sequence[int]]) -> list[list[Match]]:
        """``rules.find_symbols(s)`` for each sequence ``s`` of token symbols, in order."""
        lengths = np.fromiter(map(len, sequences), dtype=np.int64, count=len(sequences))
        symbols = np.fromiter(chain.from_iterable(sequences), dtype=np.int64, count=int(lengths.sum()))
        return self._per_sequence(self.find_flat(symbols, lengths), lengths)

    def find_flat(
        self, symbols: np.ndarray, lengths: np.ndarray
    ) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """Every match in sequences laid end to end: ``symbols`` of all, ``lengths`` of each.

        A list of ``(starts, stops, states)`` arrays (positions in ``symbols``; a state's labels
        are ``rules._state_labels[state]``, to be read before the rules next trim their steps).
        Unsorted and unlabelled: :meth:`find_many` groups them; :mod:`tone.columnar` reads them flat.
        """
        from tone.cue_rules import _SYMBOL_BITS

        self.rules.trim_steps()
        if self._of is not self.rules._steps:
            self._reset()
        ends = np.repeat(np.cumsum(lengths), lengths)  # where each token's message ends
        starts = np.arange(symbols.size, dtype=np.int64)
        states = self._first_steps(symbols)
        found: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        step = 0
        while True:
            alive = states >= 0
            starts, states = starts[alive], states[alive]
            labelled = self._has_labels(states)
            if labelled.any():
                found.append((starts[labelled], starts[labelled] + step + 1, states[labelled]))
            step += 1
            going = starts + step < ends[starts]
            starts, states = starts[going], states[going]
            if not starts.size:
                break
            states = self._steps(states << _SYMBOL_BITS | symbols[starts + step])
        return found

    def _per_sequence(
        self, found: list[tuple[np.ndarray, np.ndarray, np.ndarray]], lengths: np.ndarray
    ) -> list[list[Match]]:
        """Matches grouped by sequence, offsets within it, sorted as ``find_symbols`` sorts them."""
        matches: list[list[Match]] = [[] for _ in range(lengths.size)]
        if not found:
            return matches
        starts, stops, states = (np.concatenate(parts) for parts in zip(*found, strict=True))
        firsts = np.cumsum(lengths) - lengths
        which = np.searchsorted(firsts, starts, side="right") - 1
        base = firsts[which]
        state_labels = self.rules._state_labels
        for i, start, stop, state in zip(
            which.tolist(), (starts - base).tolist(), (stops - base).tolist(), states.tolist(), strict=True
        ):
            matches[i].extend((start, stop, label) for label in state_labels[state])
        return [sorted(set(m)) if m else m for m in matches]

    def _has_labels(self, states: np.ndarray) -> np.ndarray:
        labels = self.rules._state_labels
        if self._labelled.size < len(labels):
            new = [bool(entry) for entry in labels[self._labelled.size :]]
            self._labelled = np.concatenate([self._labelled, np.array(new, dtype=bool)])
        return self._labelled[states]

    def _first_steps(self, symbols: np.ndarray) -> np.ndarray:
        """The first step of every token, from a table indexed by symbol (state 0's key is the symbol)."""
        if symbols.size and symbols.max() >= self._first.size:
            known = self._first.size
            self._first = np.concatenate(
                [self._first, self._steps(np.arange(known, int(symbols.max()) + 1, dtype=np.int64))]
            )
        return self._first[symbols]

    def _steps(self, keys: np.ndarray) -> np.ndarray:
        """The state each step key leads to (-1: dead), computing unknown steps once."""
        order = np.argsort(keys)  # searched in sorted order: each search starts near the last
        keys = keys[order]
        position = np.searchsorted(self._keys, keys)
        known = position < self._keys.size
        known[known] = self._keys[position[known]] == keys[known]
        if not known.all():
            from tone.cue_rules import _SYMBOL_BITS

            new = np.unique(keys[~known])
            cached, step = self.rules._steps.get, self.rules._step
            mask = (1 << _SYMBOL_BITS) - 1
            targets = []
            for key in new.tolist():
                target = cached(key)
                targets.append(step(key >> _SYMBOL_BITS, key & mask) if target is None else target)
            at = np.searchsorted(self._keys, new)  # both sorted: insert, no re-sort
            self._keys = np.insert(self._keys, at, new)
            self._next = np.insert(self._next, at, np.array(targets, dtype=np.int64))
            position = np.searchsorted(self._keys, keys)
        states = np.empty(keys.size, dtype=np.int64)
        states[order] = self._next[position]
        return states
