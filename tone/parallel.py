"""Ordered, bounded parallel map over worker processes, for scoring long inputs on all cores.

joblib's ``Parallel(return_as="generator")`` keeps order and streams, but it dispatches a new
task whenever one finishes, however far behind the consumer is; writing 1M results is slower
than computing them, so finished results would pile up in memory. Here at most ``ahead``
tasks are in flight or waiting to be consumed, so memory stays flat. The workers are joblib's
(loky's) reusable processes: they stay alive between calls, and whatever a worker caches at
module level (the loaded model) is reused by every later task it runs.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

Context = TypeVar("Context")
Result = TypeVar("Result")


def default_jobs() -> int:
    """Worker processes to use: ``$TONE_JOBS`` if set, else one per available core."""
    env = os.environ.get("TONE_JOBS", "").strip()
    if env:
        return max(int(env), 1)
    cores = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else range(os.cpu_count() or 1)
    return max(len(cores), 1)


def ordered_map(
    function: Callable[..., Result],
    tasks: Iterable[tuple[Context, tuple[Any, ...]]],
    n_jobs: int,
    ahead: int | None = None,
) -> Iterator[tuple[Context, Result]]:
    """``(context, function(*args))`` for each ``(context, args)`` task, in input order.

    ``args`` go to a worker process; ``context`` stays here and comes back with the result.
    """
    from joblib.externals.loky import get_reusable_executor

    executor = get_reusable_executor(max_workers=n_jobs)
    limit = ahead or 2 * n_jobs + 1
    pending: deque[tuple[Context, Any]] = deque()
    try:
        for context, args in tasks:
            pending.append((context, executor.submit(function, *args)))
            if len(pending) >= limit:
                context, future = pending.popleft()
                yield context, future.result()
        while pending:
            context, future = pending.popleft()
            yield context, future.result()
    finally:
        for _, future in pending:  # consumer stopped early: drop what has not started
            future.cancel()
