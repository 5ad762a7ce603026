"""Cue rules compiled into one token trie, so matching costs the same for 40 or 4,000 rules.

The rules are written as spaCy SpanRuler patterns (phrases, or token patterns using
``LOWER``/``ORTH`` with ``IN`` lists, ``IS_PUNCT``, ``{}`` and the ``?``/``+``/``*`` operators) and
validated with spaCy's own pattern schema. spaCy's ``Matcher`` tries every token pattern at
every token and calls a Python predicate for each ``IN`` list: with the ~2,000 token patterns
of our lexicons it scored ~400 messages/s. Expanded into a trie over token keys, every rule
is tried at once: one dictionary lookup per token and live branch.

The trie is stored flat — one ``dict`` from ``"node key"`` strings to child ids — because a
flat dict of strings unpickles an order of magnitude faster than nested dicts, and the
compiled rules travel inside each saved model.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from tone.errors import ModelError

#: how many times ``+`` and ``*`` repeat a token when rules are expanded.
MAX_REPEAT = 2
#: the most token sequences one rule may expand to; beyond it the rule should be split.
MAX_VARIANTS = 50_000

Tokenize = Callable[[str], Sequence[str]]


def _keys_of_spec(spec: dict[str, Any]) -> list[str]:
    """The token keys one token spec accepts: ``l:<lower>``, ``o:<orth>`` or ``p`` (punct)."""
    keys: list[str] = []
    for attr, tag in (("LOWER", "l"), ("NORM", "l"), ("ORTH", "o")):
        if attr in spec:
            value = spec[attr]
            values = value["IN"] if isinstance(value, dict) else [value]
            keys += [f"{tag}:{v.lower() if tag == 'l' else v}" for v in values]
    if "IS_PUNCT" in spec:
        keys.append("p" if spec["IS_PUNCT"] else "w")
    if not set(spec) - {"OP"}:
        keys.append("any")  # {} matches any token, as in spaCy
    if not keys or set(spec) - {"LOWER", "NORM", "ORTH", "IS_PUNCT", "OP"}:
        raise ValueError(f"unsupported token spec {spec}; use LOWER, ORTH, IN, IS_PUNCT or {{}}")
    return keys


def token_keys(lower: str, orth: str, is_punct: bool) -> tuple[str, ...]:
    """The keys a token offers to the trie: its lower form, its text, punct/word, any."""
    return (f"l:{lower}", f"o:{orth}", "p" if is_punct else "w", "any")


class CueRules:
    """A compiled set of cue rules; ``find`` returns ``(start, end, label)`` token spans."""

    def __init__(self) -> None:
        self.edges: dict[str, int] = {}
        self.labels: dict[int, tuple[str, ...]] = {}
        self._size = 1

    @classmethod
    def compile(cls, patterns: Iterable[dict[str, Any]], tokenize: Tokenize) -> CueRules:
        """Compile SpanRuler-style patterns; phrase patterns are split with ``tokenize``."""
        rules = cls()
        for number, pattern in enumerate(patterns, start=1):
            label = pattern["label"]
            body = pattern["pattern"]
            specs = [{"LOWER": t.lower()} for t in tokenize(body)] if isinstance(body, str) else body
            try:
                rules._add(specs, label)
            except (ValueError, KeyError, TypeError) as exc:
                raise ModelError(f"cue pattern {number} ({label}): {exc}") from None
        return rules

    def _add(self, specs: Sequence[dict[str, Any]], label: str) -> None:
        frontier = [0]
        variants = 1
        for spec in specs:
            keys = _keys_of_spec(spec)
            low, high = {None: (1, 1), "?": (0, 1), "+": (1, MAX_REPEAT), "*": (0, MAX_REPEAT)}[
                spec.get("OP")
            ]
            reached = list(frontier) if low == 0 else []
            current = frontier
            for _ in range(high):
                current = sorted({self._child(node, key) for node in current for key in keys})
                reached += current
            frontier = sorted(set(reached))
            variants *= len(keys) * high + (low == 0)
            if variants > MAX_VARIANTS:
                raise ValueError(f"expands to more than {MAX_VARIANTS} token sequences; split it")
        for node in frontier:
            if node:
                self.labels[node] = tuple(sorted({*self.labels.get(node, ()), label}))

    def _child(self, node: int, key: str) -> int:
        edge = f"{node} {key}"
        child = self.edges.get(edge)
        if child is None:
            child = self.edges[edge] = self._size
            self._size += 1
        return child

    def find(self, keys: Sequence[tuple[str, ...]]) -> list[tuple[int, int, str]]:
        """All rule matches in a token sequence, overlapping ones included, in order."""
        edges, labels = self.edges, self.labels
        matches: list[tuple[int, int, str]] = []
        for start in range(len(keys)):
            frontier = (0,)
            position = start
            while frontier and position < len(keys):
                frontier = tuple(
                    {
                        child
                        for node in frontier
                        for key in keys[position]
                        if (child := edges.get(f"{node} {key}"))
                    }
                )
                position += 1
                for node in frontier:
                    matches.extend((start, position, label) for label in labels.get(node, ()))
        return sorted(set(matches))

    def __len__(self) -> int:
        return len(self.edges)
