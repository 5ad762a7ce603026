"""Exact and near-duplicate messages (token Jaccard), found without comparing every pair.

Near-duplicates must never sit on both sides of a train/test split, or the test score
measures memory instead of generalisation. Pairs are found with prefix filtering: for a
Jaccard threshold ``t``, two token sets can only reach ``t`` if they share a token among
the first ``n - ceil(t·n) + 1`` tokens of each set under one global (rarest-first) order.

>>> pairs = near_duplicate_pairs(["you never listen to me", "you never listen to me!", "thanks"])
>>> pairs
[(0, 1)]
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence

_TOKEN = re.compile(r"\w+|[^\w\s]", re.UNICODE)


def token_set(text: str) -> frozenset[str]:
    """Lower-case word and symbol tokens; punctuation-only differences still count a little."""
    return frozenset(t for t in _TOKEN.findall(text.lower()) if t.isalnum() or not t.isascii())


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def near_duplicate_pairs(texts: Sequence[str], threshold: float = 0.8) -> list[tuple[int, int]]:
    """Index pairs ``(i, j)``, ``i < j``, whose token Jaccard is at least ``threshold``."""
    sets = [token_set(text) for text in texts]
    frequency = Counter(token for tokens in sets for token in tokens)
    ordered = [sorted(tokens, key=lambda t: (frequency[t], t)) for tokens in sets]
    index: dict[str, list[int]] = defaultdict(list)
    pairs: set[tuple[int, int]] = set()
    for i in sorted(range(len(sets)), key=lambda k: len(sets[k])):
        tokens = ordered[i]
        size = len(tokens)
        prefix = tokens[: size - math.ceil(threshold * size) + 1] if size else []
        candidates = {j for token in prefix for j in index[token]}
        for j in candidates:
            if len(sets[j]) >= threshold * size and jaccard(sets[i], sets[j]) >= threshold:
                pairs.add((min(i, j), max(i, j)))
        for token in prefix:
            index[token].append(i)
        if not size:
            index["\x00empty"].append(i)
    return sorted(pairs)


def duplicate_groups(texts: Sequence[str], threshold: float = 0.8) -> list[int]:
    """A group id per text: texts linked by near-duplicate pairs share an id (union-find)."""
    parent = list(range(len(texts)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j in near_duplicate_pairs(texts, threshold):
        parent[find(i)] = find(j)
    return [find(i) for i in range(len(texts))]
