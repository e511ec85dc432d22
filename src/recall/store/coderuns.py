"""The cache of lesson code runs: what a piece of code printed, keyed by code, Python and limits."""

from __future__ import annotations

import json
from datetime import datetime

from recall.store.database import Database
from recall.store.times import to_db

_CHUNK = 500


def load(db: Database, keys: list[str]) -> dict[str, dict]:
    """key -> the stored result (as it was saved) for the keys that are cached."""
    out: dict[str, dict] = {}
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start:start + _CHUNK]
        rows = db.con.execute(f"SELECT key, result FROM code_runs WHERE key IN ({','.join('?' * len(chunk))})",
                              chunk)
        out.update((key, json.loads(result)) for key, result in rows)
    return out


def save(db: Database, results: dict[str, dict], now: datetime) -> None:
    with db.immediate() as con:
        con.executemany(
            "INSERT INTO code_runs (key, result, ran_at) VALUES (?, ?, ?) "
            "ON CONFLICT (key) DO UPDATE SET result = excluded.result, ran_at = excluded.ran_at",
            [(key, json.dumps(result), to_db(now)) for key, result in results.items()])
