"""Anki export, imported by the real Anki (the `anki` package): notes, tags, updates, scheduling,
history; from a SQLite and from a PostgreSQL database."""

from __future__ import annotations

import tempfile
import zipfile
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from conftest import lesson, query, write

pytestmark = pytest.mark.databases

anki_collection = pytest.importorskip("anki.collection")  # import anki.collection before anki.cards
from anki.collection import (  # noqa: E402
    Collection,
    ImportAnkiPackageOptions,
    ImportAnkiPackageRequest,
)
from anki.consts import CARD_TYPE_REV, QUEUE_TYPE_REV, QUEUE_TYPE_SUSPENDED  # noqa: E402

from recall.build import build  # noqa: E402
from recall.export.collect import export_anki  # noqa: E402
from recall.model import REVIEW  # noqa: E402
from recall.settings import Settings  # noqa: E402
from recall.store import cards, queue  # noqa: E402
from recall.store.database import Database  # noqa: E402
from recall.store.queue import memory  # noqa: E402
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
    | Greater than | `>` | Compares the other way |

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


def test_notes_types_fields_and_each_cards_own_tags(workspace, run, col, tmp_path):
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
    # a note's tags: its lesson, its kind and the concepts the card itself is about
    assert sorted(choice.tags) == ["01-sample", "table"]
    concept = col.get_note(col.find_notes('note:"recall Basic" tag:concept')[0])
    assert sorted(concept.tags) == ["01-sample", "comparison-operators", "concept"]
    cloze = col.get_note(col.find_notes('note:"recall Cloze"')[0])
    assert "{{c1::" in cloze["Text"]
    typed = col.get_note(col.find_notes('note:"recall Predict the Output"')[0])
    assert "<span" in typed["Code"] and "&lt;" in typed["Code"]  # highlighted, and escaped
    for note_id in col.find_notes(""):
        for card in col.get_note(note_id).cards():
            rendered = card.question() + card.answer()
            assert "<script>" not in rendered  # the lesson's tag arrives as text, never as a tag
            assert "alert(" not in rendered or "&lt;script&gt;alert(" in rendered
    flip = col.get_note(col.find_notes('note:"recall Basic"')[0])
    assert "&lt;script&gt;alert" in flip["Back"]
    assert sorted(zipfile.ZipFile(out).namelist()) == ["collection.anki2", "media"]
    assert not list(Path(tempfile.gettempdir()).iterdir())  # nothing left behind
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(("out", ".out"))] == ["out.apkg"]


def test_reexport_updates_changed_notes_in_place(workspace, run, col, tmp_path):
    """The note GUID is the card id: text edits that keep a card's identity update its note, never duplicate it."""
    write(workspace, "01.md", lesson(BODY, concepts=["comparison-operators"]))
    build(workspace, NOW)
    first = tmp_path / "first.apkg"
    run("export", "anki", "-o", str(first))
    import_into(col, first)
    count = len(col.find_notes(""))
    guids = {col.get_note(n).guid for n in col.find_notes("")}
    # study one card in Anki: its progress must survive the re-import
    studied = col.find_cards('note:"recall Multiple Choice"')[0]
    card = col.get_card(studied)
    col.decks.select(card.did)
    card = col.sched.getCard()
    col.sched.answerCard(card, 3)
    before = col.get_card(card.id)
    edited = (BODY.replace("stays text.", "stays text, always.")
              .replace("- Write **<script>** in a lesson and it shows as text",
                       "- write **<script>** in a lesson, and it shows as text."))  # case and punctuation
    write(workspace, "01.md", lesson(edited, concepts=["comparison-operators"]))
    build(workspace, NOW + timedelta(days=1))  # the edit, a day later
    second = tmp_path / "second.apkg"
    run("export", "anki", "-o", str(second))
    import_into(col, second)
    assert len(col.find_notes("")) == count
    assert {col.get_note(n).guid for n in col.find_notes("")} == guids
    flip = col.get_note(col.find_notes('note:"recall Basic"')[0])
    assert "stays text, always." in flip["Back"]
    takeaway = [col.get_note(n) for n in col.find_notes('note:"recall Cloze"')]
    assert any(note["Text"].startswith("write {{c1::") for note in takeaway)
    after = col.get_card(card.id)
    assert (after.reps, after.due, after.type, after.ivl) == (before.reps, before.due, before.type, before.ivl)


def test_with_scheduling_carries_progress(workspace, run, col, tmp_path):
    write(workspace, "01.md", lesson(BODY, concepts=["comparison-operators"]))
    build(workspace, NOW)
    day = datetime.now(UTC) - timedelta(days=40)  # Anki counts due days from its own clock
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
    assert "Anki takes progress only for cards it does not have yet" in result.output
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


def test_suspension_leeches_and_every_review_reach_anki(workspace, col, tmp_path):
    """A leech forgotten 8 times and suspended stays suspended and tagged; Anki has every answer, as given."""
    write(workspace, "01.md", lesson(BODY, concepts=["comparison-operators"]))
    build(workspace, NOW)
    start = NOW - timedelta(days=60)
    with Database(workspace) as db:
        leech = None
        for n in range(30):  # a day at a time: forget one card whenever it is in review, know the rest
            now = start + timedelta(days=n)
            session = Session.start(db, Settings(), now, UTC, fuzz=False)
            while (card_id := session.next(now)) is not None:
                leech = leech or card_id
                known = memory(db, card_id)
                session.answer(card_id, 1 if card_id == leech and known and known.state == REVIEW else 3, now,
                               duration_ms=4000 + n)
                now += timedelta(minutes=11)
        assert memory(db, leech).lapses >= 8
        Session.start(db, Settings(), now, UTC).suspend(leech)
        report = export_anki(db, tmp_path / "progress.apkg", (), True, 0.9, NOW, leech_lapses=8)
    ours = query(workspace, "SELECT card_id, rating, duration_ms FROM review_log ORDER BY card_id, reviewed_at, id")
    assert report.reviews == len(ours)
    import_into(col, tmp_path / "progress.apkg", scheduling=True)
    by_guid = {col.get_note(n).guid: col.get_note(n) for n in col.find_notes("")}
    leech_card = by_guid[leech].cards()[0]
    assert leech_card.queue == QUEUE_TYPE_SUSPENDED and leech_card.type == CARD_TYPE_REV
    assert "leech" in by_guid[leech].tags
    assert col.find_cards("is:suspended") == [leech_card.id] and col.find_notes("tag:leech") == [leech_card.nid]
    # the review log: every answer, with its rating and time, in order; the first one a learning step
    for guid, note in by_guid.items():
        mine = [(rating, duration) for card_id, rating, duration in ours if card_id == guid]
        entries = col.db.all("SELECT ease, time, type, ivl FROM revlog WHERE cid = ? ORDER BY id", note.cards()[0].id)
        assert [(ease, taken) for ease, taken, _, _ in entries] == mine
        if entries:
            assert entries[0][2] == 0 and entries[-1][3] != 0
    kinds = Counter(kind for (kind,) in col.db.all("SELECT type FROM revlog"))
    assert kinds[1] >= 8 and kinds[2] >= 8  # reviews, and relearning after each lapse
    assert len(col.card_stats_data(leech_card.id).revlog) == sum(1 for row in ours if row[0] == leech)
    fitted = col.backend.compute_fsrs_params(search="", current_params=[], ignore_revlogs_before_ms=0,
                                             num_of_relearning_steps=1, health_check=False)
    assert fitted.fsrs_items > 0  # Anki's optimizer reads the history


def test_an_export_of_several_lessons_carries_progress(workspace, col, tmp_path):
    for n in range(1, 6):
        write(workspace, f"0{n}.md",
              lesson(BODY, id=f"0{n}-sample", title=f"Sample {n}", concepts=["comparison-operators"]))
    build(workspace, NOW)
    out = tmp_path / "all.apkg"
    with Database(workspace) as db:  # some progress to carry, all answered in the same millisecond
        session = Session.start(db, Settings(), NOW, UTC, fuzz=False)
        for _ in range(7):
            session.answer(session.next(NOW), 3, NOW)
        report = export_anki(db, out, (), True, 0.9, NOW)
    assert (report.notes, report.with_scheduling, report.reviews) == (active_count(workspace), 7, 7)
    import_into(col, out, scheduling=True)
    assert len(col.find_notes("")) == active_count(workspace)
    assert len(col.decks.all_names_and_ids()) >= 6  # the parent deck and one per lesson
    assert col.db.scalar("SELECT count(DISTINCT id) FROM revlog") == 7  # one id each


def package_rows(package: Path, folder: Path) -> dict[str, list[tuple]]:
    """The notes, cards and review log of a package, read straight from its collection."""
    import sqlite3

    with zipfile.ZipFile(package) as z:
        (folder / package.stem).write_bytes(z.read("collection.anki2"))
    con = sqlite3.connect(folder / package.stem)
    try:
        return {table: con.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
                for table in ("notes", "cards", "revlog")}
    finally:
        con.close()


def test_a_package_is_the_same_in_any_cut_into_parts_here_or_in_other_processes(workspace, col, tmp_path,
                                                                                 monkeypatch):
    """Parts are runs of lessons, worked out in this process or in others: across parts, decks and
    studied cards in between, every row is the same, and new cards keep their place in the course."""
    from recall.export import parts

    for n in range(1, 4):
        write(workspace, f"0{n}.md", lesson(BODY, id=f"0{n}-sample", title=f"Sample {n}"))
    build(workspace, NOW)
    with Database(workspace) as db:
        session = Session.start(db, Settings(), NOW, UTC, fuzz=False)
        for _ in range(4):  # studied cards break the runs of new ones
            session.answer(session.next(NOW), 3, NOW)
            session.answer(session.next(NOW), 1, NOW)
        made = {}
        for name, part_cards, parallel_from in (("one", 5000, 10**9), ("lessons", 1, 10**9), ("apart", 1, 1)):
            monkeypatch.setattr(parts, "PART_CARDS", part_cards)
            monkeypatch.setattr(parts, "POOL_PART_CARDS", part_cards)
            monkeypatch.setattr(parts, "PARALLEL_FROM", parallel_from)
            monkeypatch.setattr(parts, "workers", lambda: 2)  # two processes, however many cores
            pieces: list[int] = []
            export_anki(db, tmp_path / f"{name}.apkg", (), True, 0.9, NOW, progress=pieces.append)
            made[name] = package_rows(tmp_path / f"{name}.apkg", tmp_path)
            assert len(pieces) == (1 if name == "one" else 3) and sum(pieces) == active_count(workspace)
    assert made["one"] == made["lessons"] == made["apart"]
    rows = made["one"]["cards"]
    assert len(rows) == active_count(workspace) and len(made["one"]["revlog"]) == 8
    new = [(row[0], row[8]) for row in rows if row[6] == 0]  # (id, due) of cards in the new queue
    studied = {row[1] for row in made["one"]["revlog"]}  # the card ids answered
    assert len(studied) >= 4 and len(new) == len(rows) - len(studied)
    assert [due for _, due in new] == sorted(due for _, due in new)
    assert len({due for _, due in new}) == len(new)  # one place each
    import_into(col, tmp_path / "apart.apkg", scheduling=True)
    assert len(col.find_cards("is:new")) == len(new)


def three_lessons(workspace) -> None:
    for n in range(1, 4):
        write(workspace, f"0{n}.md", lesson(BODY, id=f"0{n}-sample", title=f"Sample {n}"))
    build(workspace, NOW)


def fails_with(workspace, tmp_path, message: str) -> None:
    """An export that stops with ``message`` and leaves nothing behind."""
    from recall.export.layout import ExportError

    out = tmp_path / "deck.apkg"
    with Database(workspace) as db, pytest.raises(ExportError, match=message):
        export_anki(db, out, (), False, 0.9, NOW)
    assert not out.exists() and not list(tmp_path.glob(".deck.apkg*"))


@pytest.mark.parametrize("change", ["more cards", "a lesson built since", "a card moved"])
def test_cards_that_change_while_an_export_reads_them_are_one_line(workspace, tmp_path, monkeypatch, change):
    """A build in another window between counting the cards and reading them: no package, a clear error."""
    from recall.export import parts

    three_lessons(workspace)
    real_counts, real_rows = cards.counts, parts.rows_of
    if change == "more cards":
        monkeypatch.setattr(cards, "counts", lambda db: {k: n + 1 for k, n in real_counts(db).items()})
    elif change == "a lesson built since":  # counted without the middle lesson, read with it
        monkeypatch.setattr(cards, "counts", lambda db: {k: n for k, n in real_counts(db).items()
                                                         if k != "02-sample"})
    else:  # the last lesson's first card read again, under its id, in a part of its own
        monkeypatch.setattr(parts, "PART_CARDS", 1)

        def moved(db, part, *args):
            rows = real_rows(db, part, *args)
            if part.span[0] == "03-sample":
                rows.notes[0] = (rows.notes[0][0], first_guid[0], *rows.notes[0][2:])
            else:
                first_guid.append(rows.notes[0][1])
            return rows

        first_guid: list[str] = []
        monkeypatch.setattr(parts, "rows_of", moved)
    fails_with(workspace, tmp_path, "the cards changed while the export read them")


def test_a_process_that_dies_while_working_out_a_part_is_one_line(workspace, tmp_path, monkeypatch):
    """A worker killed outright (say, out of memory): the export stops with one line, no traceback."""
    import os
    import signal

    from recall.export import parts

    three_lessons(workspace)
    here, real_rows = os.getpid(), parts.rows_of

    def killed(*args):
        if os.getpid() != here:
            os.kill(os.getpid(), signal.SIGKILL)
        return real_rows(*args)

    for name, value in (("PARALLEL_FROM", 1), ("POOL_PART_CARDS", 1), ("rows_of", killed),
                        ("workers", lambda: 2)):
        monkeypatch.setattr(parts, name, value)
    if multiprocessing_start_method() != "fork":
        pytest.skip("the dying part reaches the workers only through fork")
    fails_with(workspace, tmp_path, "a process working out the export stopped before it was done")


def multiprocessing_start_method() -> str:
    import multiprocessing

    return multiprocessing.get_start_method()


def test_a_second_import_of_progress_changes_nothing_anki_has(workspace, col, tmp_path):
    """What the README and the summary say: Anki's importer adds cards and their history, never updates them."""
    write(workspace, "01.md", lesson(BODY, concepts=["comparison-operators"]))
    build(workspace, NOW)
    with Database(workspace) as db:
        session = Session.start(db, Settings(), NOW, UTC, fuzz=False)
        first_card = session.next(NOW)
        session.answer(first_card, 3, NOW)
        export_anki(db, tmp_path / "one.apkg", (), True, 0.9, NOW)
        later = NOW + timedelta(days=5)
        session = Session.start(db, Settings(), later, UTC, fuzz=False)
        while (card_id := session.next(later)) is not None:
            session.answer(card_id, 4, later)
            later += timedelta(minutes=1)
        export_anki(db, tmp_path / "two.apkg", (), True, 0.9, later)
    import_into(col, tmp_path / "one.apkg", scheduling=True)
    card_id = col.db.scalar("SELECT c.id FROM cards c JOIN notes n ON n.id = c.nid WHERE n.guid = ?", first_card)
    before = col.get_card(card_id)
    import_into(col, tmp_path / "two.apkg", scheduling=True)
    after = col.get_card(card_id)
    assert (after.reps, after.due, after.ivl) == (before.reps, before.due, before.ivl) and before.reps == 1
    assert col.db.scalar("SELECT count() FROM revlog WHERE cid = ?", card_id) == 1


def test_an_interrupted_export_leaves_the_old_package_and_nothing_else(workspace, tmp_path, monkeypatch):
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
