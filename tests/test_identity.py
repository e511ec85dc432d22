"""Card ids come from origin: cosmetic edits keep history, real changes retire and add."""

from __future__ import annotations

import pytest
from sqlalchemy import insert, select

from conftest import NOW, lesson, write
from recall.build import build
from recall.store.cards import list_cards
from recall.store.database import Database
from recall.store.models import review_log

BODY = """
    # Sample

    ## Generators

    A generator function yields values lazily, one at a time.

    ## Slots

    Declaring `__slots__` removes the per-instance dictionary.

    ```python
    print(len({1, 2, 2, 3}))  # 3
    ```

    ## Choosing

    | Data | Structure | Why |
    |------|-----------|-----|
    | Unique items | set | Membership tests are constant time on average |
    | Pairs | dict | Values are found by their key quickly |
    | Ordered items | list | Keeps the order they were added in |

    ## Key Takeaways

    - Use **generators** to stream data lazily
    - Slots save memory for many small objects
    """


def cards_by(ws, **filters):
    with Database(ws) as db:
        return list_cards(db, status=None, **filters)


def ids_of(ws, source=None):
    return {c["id"]: c for c in cards_by(ws, source=source) if c["status"] == "active"}


def rebuild(ws, text):
    write(ws, "01.md", text)
    return build(ws, NOW)


def test_cosmetic_takeaway_edits_keep_the_id(workspace):
    rebuild(workspace, lesson(BODY, concepts=["generators", "slots"]))
    before = ids_of(workspace, "takeaway")
    edited = BODY.replace("- Use **generators** to stream data lazily",
                          "-   use **Generators**  to stream data, lazily!")
    report = rebuild(workspace, lesson(edited, concepts=["generators", "slots"]))
    after = ids_of(workspace, "takeaway")
    assert set(before) == set(after)
    assert sum(r.retired for r in report.lessons) == 0


def test_moving_a_section_keeps_every_id(workspace):
    rebuild(workspace, lesson(BODY, concepts=["generators", "slots"]))
    before = ids_of(workspace)
    generators, rest = BODY.split("    ## Slots")
    head, gen_section = generators.split("    ## Generators")
    choosing_and_more = rest.split("    ## Key Takeaways")
    moved = (head + "    ## Slots" + choosing_and_more[0] + "    ## Generators" + gen_section
             + "    ## Key Takeaways" + choosing_and_more[1])
    report = rebuild(workspace, lesson(moved, concepts=["generators", "slots"]))
    after = ids_of(workspace)
    assert set(before) == set(after)
    assert [(r.added, r.retired) for r in report.lessons] == [(0, 0)]
    # the cards follow the text: lines changed
    assert any(before[i]["line"] != after[i]["line"] for i in before)


def test_changing_a_table_key_retires_and_adds(workspace):
    rebuild(workspace, lesson(BODY))
    before = ids_of(workspace, "table")
    report = rebuild(workspace, lesson(BODY.replace("| Pairs |", "| Key-value pairs |")))
    after = ids_of(workspace, "table")
    (retired,) = set(before) - set(after)
    (added,) = set(after) - set(before)
    assert before[retired]["prompt"] == "Data: Pairs. Structure?"
    assert after[added]["prompt"] == "Data: Key-value pairs. Structure?"
    assert (report.lessons[0].added, report.lessons[0].retired) == (1, 1)
    statuses = {c["id"]: c["status"] for c in cards_by(workspace)}
    assert statuses[retired] == "retired"


def test_retired_card_keeps_its_reviews_and_returns_with_them(workspace):
    rebuild(workspace, lesson(BODY))
    (card_id,) = [i for i, c in ids_of(workspace, "takeaway").items() if c["answer"] == "generators"]
    with Database(workspace) as db, db.write() as conn:
        conn.execute(insert(review_log), [
            {"card_id": card_id, "reviewed_at": NOW, "rating": 3, "duration_ms": 1200, "answer": "", "correct": True},
            {"card_id": card_id, "reviewed_at": NOW, "rating": 1, "duration_ms": 900, "answer": "", "correct": False},
        ])
    without = BODY.replace("    - Use **generators** to stream data lazily\n", "")
    rebuild(workspace, lesson(without))
    assert {c["id"]: c["status"] for c in cards_by(workspace)}[card_id] == "retired"
    assert card_id not in ids_of(workspace)
    report = rebuild(workspace, lesson(BODY))
    assert ids_of(workspace)[card_id]["status"] == "active"
    assert report.lessons[0].added == 1
    with Database(workspace) as db, db.write() as conn:
        ratings = conn.execute(select(review_log.c.rating).where(review_log.c.card_id == card_id)
                               .order_by(review_log.c.id)).scalars().all()
    assert ratings == [3, 1]


def test_answer_edit_updates_in_place(workspace):
    rebuild(workspace, lesson(BODY))
    before = ids_of(workspace, "code")
    report = rebuild(workspace, lesson(BODY.replace("# 3", "# 3 (three items)")))
    assert ids_of(workspace, "code") == before  # same id, same stored answer: commentary is not the answer
    report = rebuild(workspace, lesson(BODY.replace("2, 3}))  # 3", "2, 3, 4}))  # 4")))
    after = ids_of(workspace, "code")
    assert set(after) == set(before) and [c["answer"] for c in after.values()] == ["4"]
    assert (report.lessons[0].updated, report.lessons[0].added) == (1, 0)


def test_deleting_a_file_retires_its_cards(workspace):
    path = write(workspace, "01.md", lesson(BODY))
    build(workspace, NOW)
    count = len(ids_of(workspace))
    path.unlink()
    report = build(workspace, NOW)
    assert [(r.lesson, r.retired) for r in report.lessons] == [("01-sample", count)]
    assert ids_of(workspace) == {}


def test_a_touched_up_takeaway_keeps_its_card_history_and_anki_note(workspace, run, tmp_path):
    """A spelling fix or one changed word keeps the card (and its Anki GUID); the build says "reworded"."""
    anki = pytest.importorskip("anki.collection")
    text = BODY.replace("- Slots save memory for many small objects",
                        "- Slots save memory by materialising no per-instance **dict**")
    rebuild(workspace, lesson(text, concepts=["generators", "slots"]))
    (card_id,) = [i for i, c in ids_of(workspace, "takeaway").items() if c["answer"] == "dict"]
    with Database(workspace) as db, db.write() as conn:
        conn.execute(insert(review_log), [
            {"card_id": card_id, "reviewed_at": NOW, "rating": 3, "duration_ms": 900, "answer": "", "correct": True}])
    col = anki.Collection(str(tmp_path / "collection.anki2"))
    try:
        def export_and_import(name: str) -> int:
            out = tmp_path / name
            assert run("export", "anki", "-o", str(out)).exit_code == 0
            col.import_anki_package(anki.ImportAnkiPackageRequest(
                package_path=str(out), options=anki.ImportAnkiPackageOptions(merge_notetypes=True)))
            return len(col.find_notes(""))

        notes = export_and_import("before.apkg")
        fixed = text.replace("materialising", "materializing").replace("save memory", "saves memory")
        write(workspace, "01.md", lesson(fixed, concepts=["generators", "slots"]))
        result = run("build")
        assert "01-sample (decks/01.md): 0 added, 0 updated, 1 reworded, 0 retired" in result.output
        after = ids_of(workspace, "takeaway")
        assert after[card_id]["prompt"] == "Slots saves memory by materializing no per-instance [...]"
        assert export_and_import("after.apkg") == notes  # the note was updated in place, not duplicated
        guid = col.get_note(col.find_notes("materializing")[0]).guid
        assert guid == card_id
    finally:
        col.close()
    with Database(workspace) as db, db.write() as conn:
        assert conn.execute(select(review_log.c.card_id)).scalars().all() == [card_id]


def test_a_new_answer_or_a_new_sentence_is_a_new_card(workspace):
    rebuild(workspace, lesson(BODY, concepts=["generators", "slots"]))
    before = ids_of(workspace, "takeaway")
    report = rebuild(workspace, lesson(BODY.replace("Use **generators** to stream data lazily",
                                                    "Use **iterators** to stream data lazily"),
                                       concepts=["generators", "slots"]))
    assert (report.lessons[0].reworded, report.lessons[0].added, report.lessons[0].retired) == (0, 1, 1)
    report = rebuild(workspace, lesson(BODY.replace("Use **generators** to stream data lazily",
                                                    "Reach for **iterators** when nothing else streams"),
                                       concepts=["generators", "slots"]))
    assert report.lessons[0].reworded == 0
    assert len(set(before) & set(ids_of(workspace, "takeaway"))) == 1  # only the untouched bullet kept its id
