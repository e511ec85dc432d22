"""The current schema as SQL, for creating a new database without loading SQLAlchemy.

``STATEMENTS`` is what ``Base.metadata.create_all`` emits for the models in
``models.py``; a test holds the two equal, and another holds a database made from
these equal to one made by running every migration. After changing the models
(and adding their migration), print the new statements with::

    python -m recall.store.schema
"""

from __future__ import annotations

STATEMENTS = (
    'CREATE TABLE code_runs (\n'
    '\t"key" VARCHAR NOT NULL, \n'
    '\tresult JSON NOT NULL, \n'
    '\tran_at DATETIME NOT NULL, \n'
    '\tPRIMARY KEY ("key")\n'
    ')',

    'CREATE TABLE lessons (\n'
    '\tid VARCHAR NOT NULL, \n'
    '\ttitle TEXT NOT NULL, \n'
    '\tfile VARCHAR, \n'
    '\tcontent_hash VARCHAR, \n'
    '\tprerequisites JSON NOT NULL, \n'
    '\tconcepts JSON NOT NULL, \n'
    '\tfile_stat VARCHAR, \n'
    '\tPRIMARY KEY (id)\n'
    ')',

    'CREATE INDEX ix_lessons_file ON lessons (file)',

    'CREATE TABLE cards (\n'
    '\tid VARCHAR NOT NULL, \n'
    '\tlesson_id VARCHAR NOT NULL, \n'
    '\tsource VARCHAR NOT NULL, \n'
    '\tform VARCHAR NOT NULL, \n'
    '\tprompt TEXT NOT NULL, \n'
    '\tanswer TEXT NOT NULL, \n'
    '\tchoices JSON NOT NULL, \n'
    '\texplanation TEXT NOT NULL, \n'
    '\tcode TEXT NOT NULL, \n'
    '\tfile VARCHAR NOT NULL, \n'
    '\tline INTEGER NOT NULL, \n'
    '\tsection TEXT NOT NULL, \n'
    '\tord INTEGER NOT NULL, \n'
    '\tstatus VARCHAR NOT NULL, \n'
    '\tcreated_at DATETIME NOT NULL, \n'
    '\tupdated_at DATETIME NOT NULL, \n'
    '\tretired_at DATETIME, \n'
    "\tsetup TEXT DEFAULT '' NOT NULL, \n"
    "\tconcepts JSON DEFAULT '[]' NOT NULL, \n"
    '\tPRIMARY KEY (id), \n'
    '\tFOREIGN KEY(lesson_id) REFERENCES lessons (id)\n'
    ')',

    'CREATE INDEX ix_cards_lesson_ord ON cards (lesson_id, ord)',

    'CREATE TABLE card_state (\n'
    '\tcard_id VARCHAR NOT NULL, \n'
    '\tstate INTEGER NOT NULL, \n'
    '\tstep INTEGER, \n'
    '\tstability FLOAT, \n'
    '\tdifficulty FLOAT, \n'
    '\tdue DATETIME NOT NULL, \n'
    '\tlast_review DATETIME, \n'
    '\treps INTEGER NOT NULL, \n'
    '\tlapses INTEGER NOT NULL, \n'
    '\tintroduced_at DATETIME NOT NULL, \n'
    '\tsuspended BOOLEAN DEFAULT 0 NOT NULL, \n'
    '\tPRIMARY KEY (card_id), \n'
    '\tFOREIGN KEY(card_id) REFERENCES cards (id)\n'
    ')',

    'CREATE INDEX ix_card_state_due ON card_state (due)',

    'CREATE INDEX ix_card_state_introduced ON card_state (introduced_at)',

    'CREATE INDEX ix_card_state_state_due ON card_state (state, due)',

    'CREATE TABLE review_log (\n'
    '\tid INTEGER NOT NULL, \n'
    '\tcard_id VARCHAR NOT NULL, \n'
    '\treviewed_at DATETIME NOT NULL, \n'
    '\trating INTEGER NOT NULL, \n'
    '\tduration_ms INTEGER, \n'
    '\tanswer TEXT, \n'
    '\tcorrect BOOLEAN, \n'
    '\tstate_before INTEGER, \n'
    '\tmemory_before JSON, \n'
    '\tPRIMARY KEY (id), \n'
    '\tFOREIGN KEY(card_id) REFERENCES cards (id)\n'
    ')',

    'CREATE INDEX ix_review_log_card_time ON review_log (card_id, reviewed_at)',

    'CREATE INDEX ix_review_log_time ON review_log (reviewed_at)',
)


def from_models() -> tuple[str, ...]:
    """The statements SQLAlchemy compiles from the models, tables in dependency order."""
    from sqlalchemy.dialects import sqlite
    from sqlalchemy.schema import CreateIndex, CreateTable

    from recall.store.models import Base

    dialect = sqlite.dialect()
    out = []
    for table in Base.metadata.sorted_tables:
        out.append(str(CreateTable(table).compile(dialect=dialect)).strip())
        for index in sorted(table.indexes, key=lambda i: str(i.name)):
            out.append(str(CreateIndex(index).compile(dialect=dialect)).strip())
    return tuple(out)


def _source(statements: tuple[str, ...]) -> str:
    lines = ["STATEMENTS = ("]
    for statement in statements:
        parts = statement.splitlines(keepends=True)
        for part in parts[:-1]:
            lines.append(f"    {part!r}")
        lines.append(f"    {parts[-1]!r},")
        lines.append("")
    lines[-1] = ")"
    return "\n".join(lines)


if __name__ == "__main__":
    print(_source(from_models()))
