"""Processes that work for this one: a ProcessPoolExecutor whose workers leave Ctrl-C to it and stop
when it is gone.

Ctrl-C reaches every process of the terminal's foreground group. A worker ignores it (it would
print a KeyboardInterrupt traceback of its own, even idle): this process stops, drops the work
not begun and lets the workers finish theirs. SIGINT is held back while the workers are forked,
so none can take one before it ignores them. A worker whose parent is gone (killed outright,
where nothing hangs up on it) stops at once instead of waiting for work forever.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

# multiprocessing and concurrent.futures load when a pool is made (70 ms): commands that
# never make one, and catch WorkerLost, do not pay for them

T = TypeVar("T")


class WorkerLost(Exception):
    """A worker ended before its work was done (killed outright: out of memory, say)."""

    def __init__(self) -> None:
        super().__init__("a process working for recall stopped before it was done (out of memory?); try again")


def cores() -> int:
    """The cores this process may use (its affinity, where the system says)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


#: more workers than this and this process, which takes in what they return, is the bottleneck
MOST = 4


def count() -> int:
    """How many workers a pool gets: one per core this process may use, up to ``MOST``."""
    return min(cores(), MOST)


class Workers:
    """A pool's ``map``, its workers forked with Ctrl-C held back."""

    def __init__(self, pool: ProcessPoolExecutor):
        self._pool = pool

    def map(self, fn: Callable[..., T], *iterables: Iterable[Any], chunksize: int = 1) -> Iterator[T]:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            return self._pool.map(fn, *iterables, chunksize=chunksize)
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # a Ctrl-C held back lands here

    def done(self) -> None:
        """No more work: the workers may go now, while this process goes on (the block still waits
        for them at its end)."""
        self._pool.shutdown(wait=False)


@contextmanager
def pool_of(processes: int) -> Iterator[Workers]:
    """``processes`` workers for the block; if it raises (Ctrl-C included), the work not begun is dropped
    and the work begun is finished before the error goes on. A worker lost is ``WorkerLost``."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    pool = ProcessPoolExecutor(max_workers=processes, initializer=_worker_start)
    try:
        yield Workers(pool)
    except BrokenProcessPool:
        pool.shutdown(cancel_futures=True)
        raise WorkerLost() from None
    except BaseException:
        pool.shutdown(cancel_futures=True)
        raise
    pool.shutdown()


def _worker_start() -> None:
    import multiprocessing
    import threading

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_with, args=(parent.sentinel,), daemon=True).start()


def _exit_with(sentinel: int) -> None:
    import multiprocessing.connection

    multiprocessing.connection.wait([sentinel])
    os._exit(1)
