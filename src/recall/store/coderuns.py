"""The cache of lesson code runs: what a piece of code printed, keyed by code, Python and limits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from recall.store import rows
from recall.store.database import Database
from recall.store.models import code_runs
from recall.store.portable import upsert

_CHUNK = 500


def load(db: Database, keys: list[str]) -> dict[str, dict]:
    """key -> the stored result (as it was saved) for the keys that are cached."""
    out: dict[str, dict] = {}
    with db.read() as conn:
        for start in range(0, len(keys), _CHUNK):
            chunk = keys[start:start + _CHUNK]
            out.update((key, result) for key, result in rows.fetch(
                conn, select(code_runs.c.key, code_runs.c.result).where(code_runs.c.key.in_(chunk))))
    return out


def save(db: Database, results: dict[str, dict], now: datetime) -> None:
    with db.write() as conn:
        upsert(conn, code_runs, [{"key": key, "result": result, "ran_at": now} for key, result in results.items()],
               update=("result", "ran_at"))
