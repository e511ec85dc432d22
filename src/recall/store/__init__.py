"""Storage: everything that speaks SQL, through SQLAlchemy Core.

``models.py`` is the schema (Core tables) and ``migrations/`` brings older databases to
it; ``database.py`` opens a database by URL (a SQLite file by default, or PostgreSQL) and
runs transactions; ``rows.py`` is the one place rows become our dataclasses and back. The
other modules are the reads and writes the rest of recall calls, each taking a
``Database``; nothing outside this package sees a row object or a connection.
"""
