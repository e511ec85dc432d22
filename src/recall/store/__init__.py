"""Storage: one SQLite file per workspace.

SQLAlchemy models (``models.py``) define the schema and Alembic migrates it; writes
go through SQLAlchemy Core. Reads on the hot paths (what changed, the review queue,
listings) use the same connection through the standard ``sqlite3`` module, so that
commands which only read never pay SQLAlchemy's import time. Nothing outside this
package sees a row object: callers get plain dataclasses and dicts.
"""
