"""Anki export, imported by the real Anki (the `anki` package): notes, updates, scheduling, escaping;
from a SQLite and from a PostgreSQL database."""

from __future__ import annotations

import sqlite3
import tempfile
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from conftest import lesson, write

pytestmark = pytest.mark.databases

anki_collection = pytest.importorskip("anki.collection")  # import anki.collection before anki.cards
from anki.collection import (  # noqa: E402
    Collection,
    ImportAnkiPackageOptions,
    ImportAnkiPackageRequest,
)
from anki.consts import CARD_TYPE_REV, QUEUE_TYPE_REV  # noqa: E402

from recall.build import build  # noqa: E402
from recall.settings import Settings  # noqa: E402
from recall.store import cards, queue  # noqa: E402
from recall.store.database import Database  # noqa: E402
from recall.study.session import Session  # noqa: E402

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
BODY = """
    # Escaping

    ## Comparison Operators

    Use `<` and `>` to compare, and `&` for bitwise and. <script>alert("x")</script> stays text.

    ```python
    print(1 < 2 & 3)  # True
    ```

    ## Picking

    | Need | Use | Why |
    |------|-----|-----|
    | Less than | `<` | Compares two values |
    | Bitwise and | `&` | Works bit by bit |

    ## Key Takeaways

    - Write **<script>** in a lesson and it shows as text
    - `a < b` compares two values
    """


def import_into(col: Collection, package, scheduling: bool = False) -> None:
    col.import_anki_package(ImportAnkiPackageRequest(
        package_path=str(package),
        options=ImportAnkiPackageOptions(merge_notetypes=True, with_scheduling=scheduling)))


@pytest.fixture
def col(tmp_path):
    """A fresh, empty Anki collection."""
    (tmp_path / "anki").mkdir()
    collection = Collection(str(tmp_path / "anki" / "collection.anki2"))
    yield collection
    collection.close()


def active_count(ws) -> int:
    with Database(ws) as db:
        return sum(cards.counts(db).values())


def test_notes_types_fields_and_inert_script(workspace, run, col, tmp_path):
    write(workspace, "01.md", lesson(BODY, concepts=["comparison-operators"]))
    out = tmp_path / "out.apkg"
    result = run("export", "anki", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert f"Wrote {out}: {active_count(workspace)} notes in 1 deck." in result.output
    import_into(col, out)
    assert len(col.find_notes("")) == active_count(workspace)
    kinds = {col.get_note(n).note_type()["name"] for n in col.find_notes("")}
    assert kinds == {"recall Basic", "recall Cloze", "recall Multiple Choice", "recall Predict the Output"}
    assert "recall::01 Sample" in [d["name"] for d in col.decks.all()]
    choice = col.get_note(col.find_notes('note:"recall Multiple Choice"')[0])
    assert list(choice.keys()) == ["Prompt", "Options", "Answer", "Explanation", "Source"]
    assert "01-sample" in choice.tags and "table" in choice.tags and "comparison-operators" in choice.tags
    cloze = col.get_note(col.find_notes('note:"recall Cloze"')[0])
    assert "{{c1::" in cloze["Text"]
    typed = col.get_note(col.find_notes('note:"recall Predict the Output"')[0])
    assert "<span" in typed["Code"] and "&lt;" in typed["Code"]  # highlighted, and escaped
    for note_id in col.find_notes(""):
        note = col.get_note(note_id)
        for card in note.cards():
            rendered = card.question() + card.answer()
            assert "<script>" not in rendered  # the lesson's tag arrives as text, never as a tag
            assert "alert(" not in rendered or "&lt;script&gt;alert(" in rendered
    flip = col.get_note(col.find_notes('note:"recall Basic"')[0])
    assert "&lt;script&gt;alert" in flip["Back"]
    assert sorted(zipfile.ZipFile(out).namelist()) == ["collection.anki2", "media"]
    assert not list(Path(tempfile.gettempdir()).glob("recall-export-*"))  # nothing left behind
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("out")] == ["out.apkg"]


def test_reexport_updates_changed_notes_in_place(workspace, run, col, tmp_path):
    write(workspace, "01.md", lesson(BODY, concepts=["comparison-operators"]))
    build(workspace, NOW)
    first = tmp_path / "first.apkg"
    run("export", "anki", "-o", str(first))
    import_into(col, first)
    count = len(col.find_notes(""))
    # study one card in Anki: its progress must survive the re-import
    studied = col.find_cards('note:"recall Multiple Choice"')[0]
    card = col.get_card(studied)
    col.decks.select(card.did)
    card = col.sched.getCard()
    col.sched.answerCard(card, 3)
    before = col.get_card(card.id)
    write(workspace, "01.md", lesson(BODY.replace("stays text.", "stays text, always."),
                                     concepts=["comparison-operators"]))
    build(workspace, NOW + timedelta(days=1))  # the edit, a day later
    second = tmp_path / "second.apkg"
    run("export", "anki", "-o", str(second))
    import_into(col, second)
    assert len(col.find_notes("")) == count
    flip = col.get_note(col.find_notes('note:"recall Basic"')[0])
    assert "stays text, always." in flip["Back"]
    after = col.get_card(card.id)
    assert (after.reps, after.due, after.type, after.ivl) == (before.reps, before.due, before.type, before.ivl)


def test_with_scheduling_carries_progress(workspace, run, col, tmp_path):
    write(workspace, "01.md", lesson(BODY, concepts=["comparison-operators"]))
    build(workspace, NOW)
    day = datetime.now(UTC) - timedelta(days=40)
    with Database(workspace) as db:  # learn everything over a few weeks, always Good
        for n in range(12):
            now = day + timedelta(days=3 * n)
            session = Session.start(db, Settings(), now, UTC, fuzz=False)
            while (card_id := session.next(now)) is not None:
                session.answer(card_id, 3, now)
                now += timedelta(minutes=11)
        ours = {cid: (memory.due, memory.state) for cid, memory in queue.memories(db).items()}
    out = tmp_path / "sched.apkg"
    result = run("export", "anki", "-o", str(out), "--with-scheduling")
    assert "with your progress" in result.output
    import_into(col, out, scheduling=True)
    today = col.sched.today
    review_cards = 0
    for note_id in col.find_notes(""):
        note = col.get_note(note_id)
        card = note.cards()[0]
        expected, state = ours[note.guid]
        if state != 2:
            continue
        review_cards += 1
        assert card.type == CARD_TYPE_REV and card.queue == QUEUE_TYPE_REV
        days = (expected.date() - datetime.now(UTC).date()).days
        assert abs((card.due - today) - days) <= 1, (card.due, today, days)
        assert card.ivl >= 1 and card.memory_state is not None
    assert review_cards >= 5


def collection_rows(package: Path) -> dict[str, list]:
    with tempfile.TemporaryDirectory() as tmp:
        zipfile.ZipFile(package).extract("collection.anki2", tmp)
        con = sqlite3.connect(Path(tmp) / "collection.anki2")
        try:
            return {table: con.execute(f"SELECT * FROM {table} ORDER BY id").fetchall() for table in ("notes", "cards")}
        finally:
            con.close()


def test_an_export_of_several_lessons_carries_progress(workspace, col, tmp_path):
    from recall.export.collect import export_anki

    for n in range(1, 6):
        write(workspace, f"0{n}.md",
              lesson(BODY, id=f"0{n}-sample", title=f"Sample {n}", concepts=["comparison-operators"]))
    build(workspace, NOW)
    out = tmp_path / "all.apkg"
    with Database(workspace) as db:  # some progress to carry
        session = Session.start(db, Settings(), NOW, UTC, fuzz=False)
        for _ in range(7):
            session.answer(session.next(NOW), 3, NOW)
        report = export_anki(db, out, (), True, 0.9, NOW)
    assert (report.notes, report.with_scheduling) == (active_count(workspace), 7)
    outputs = {1: out}
    import_into(col, outputs[1], scheduling=True)
    assert len(col.find_notes("")) == active_count(workspace)
    assert len(col.decks.all_names_and_ids()) >= 6  # the parent deck and one per lesson


def test_an_interrupted_export_leaves_the_old_package_and_nothing_else(workspace, tmp_path, monkeypatch):
    from recall.export.collect import export_anki

    write(workspace, "01.md", lesson(BODY, concepts=["comparison-operators"]))
    build(workspace, NOW)
    out = tmp_path / "deck.apkg"
    out.write_bytes(b"the package of yesterday")
    (tmp_path / ".deck.apkg.999999999.partial").write_bytes(b"left by an export that was killed outright")

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(zipfile.ZipFile, "writestr", interrupted)
    with Database(workspace) as db, pytest.raises(KeyboardInterrupt):
        export_anki(db, out, (), False, 0.9, NOW)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deck.apkg", "tmp", "ws"]
    assert list((tmp_path / "tmp").iterdir()) == []  # this test's own temporary folder
    assert out.read_bytes() == b"the package of yesterday"
