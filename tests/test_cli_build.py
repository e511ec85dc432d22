"""`recall init`, `build`, `check` and `cards` as a user runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from hypothesis import given
from hypothesis import strategies as st

from conftest import PROJECT, lesson, write

GOOD = lesson("""
    # Good

    ## Sorting with Keys

    The `key` argument of `sorted` maps each item to what it is compared by.

    ```python
    print(sorted(["bb", "a"], key=len))  # ['a', 'bb']
    ```

    ## Key Takeaways

    - Pass a **key** function to sort by a derived value
    """, id="01-good", title="Good", concepts=["sorting-keys"])

CARD_FIELDS = {"id", "lesson", "source", "form", "prompt", "answer", "choices", "explanation", "file",
               "line", "section", "status"}


def test_build_reports_per_lesson_then_nothing(run, workspace):
    write(workspace, "01-good.md", GOOD)
    first = run("build")
    assert first.exit_code == 0
    assert "01-good (decks/01-good.md): 3 added, 0 updated, 0 retired" in first.output
    second = run("build")
    assert second.exit_code == 0 and second.output.strip() == "No changes (1 lesson unchanged)."
    assert (workspace.data / "recall.sqlite3").is_file()


def test_many_changed_lessons_are_counted_and_only_those_with_problems_listed(run, workspace):
    from recall.ui.report import LIST_AT_MOST

    for n in range(LIST_AT_MOST + 1):
        write(workspace, f"{n:02d}.md", GOOD.replace('id: "01-good"', f'id: "{n:02d}-good"'))
    write(workspace, "99.md", GOOD.replace('id: "01-good"', 'id: "99-odd"').replace("sorting-keys", "nothing-here"))
    lines = run("build").output.strip().splitlines()
    assert lines[0] == "99-odd (decks/99.md): 2 added, 0 updated, 0 retired"  # it has a warning: listed
    assert "concept 'nothing-here' matches no section" in lines[1]
    added = 3 * (LIST_AT_MOST + 1) + 2
    assert lines[-1] == (f"{LIST_AT_MOST + 2} lessons changed: {added} added, 0 updated, 0 retired; "
                         "0 unchanged. (Lessons with nothing to fix are counted here, not listed.)")
    assert len(lines) == 3


def test_cards_json_shape_and_filters(run, workspace):
    write(workspace, "01-good.md", GOOD)
    run("build")
    cards = json.loads(run("cards", "--json").output)
    assert len(cards) == 3
    for card in cards:
        assert set(card) >= CARD_FIELDS
        assert card["lesson"] == "01-good" and card["file"] == "decks/01-good.md" and card["status"] == "active"
        assert isinstance(card["line"], int) and isinstance(card["choices"], list)
        assert (card["choices"] != []) == (card["form"] == "choice")
    assert [c["source"] for c in json.loads(run("cards", "--json", "--source", "code").output)] == ["code"]
    assert json.loads(run("cards", "--json", "--lesson", "01-good").output) == cards
    unknown = run("cards", "--lesson", "nope")
    assert unknown.exit_code == 1 and "no lesson 'nope'" in unknown.output
    listing = run("cards").output
    assert "3 cards." in listing and "code/typed" in listing


def test_bad_lessons_fail_alone(run, workspace):
    write(workspace, "01-good.md", GOOD)
    write(workspace, "02-bad.md", "---\nid: 02-bad\ntitle: [oops\n---\n")
    write(workspace, "03-dup.md", GOOD.replace('title: "Good"', 'title: "Copy"'))
    result = run("build")
    assert result.exit_code == 1
    assert "decks/02-bad.md:3: frontmatter is not valid YAML" in result.output
    assert "decks/03-dup.md:2: duplicate lesson id '01-good' (already used by decks/01-good.md)" in result.output
    assert "01-good (decks/01-good.md): 3 added" in result.output
    assert "Traceback" not in result.output
    # the broken files are read again next time, and still fail
    again = run("build")
    assert again.exit_code == 1 and "02-bad.md:3" in again.output


def test_check_lints_without_writing(run, workspace):
    write(workspace, "01-good.md", GOOD.replace("  - sorting-keys", "  - sorting-keys\n  - metaclasses")
          .replace("concepts:", "prerequisites:\n  - 00-missing\nconcepts:"))
    result = run("check")
    assert result.exit_code == 0
    assert "decks/01-good.md:4: warning: prerequisite '00-missing' is not a lesson in this workspace" in result.output
    assert "decks/01-good.md:6: warning: concept 'metaclasses' matches no section" in result.output
    assert not workspace.db_path.exists()
    write(workspace, "02-bad.md", "")
    failed = run("check")
    assert failed.exit_code == 1 and "decks/02-bad.md:1: file is empty" in failed.output
    assert "2 files checked: 1 error, 2 warnings." in failed.output


def test_init_and_workspace_discovery(tmp_path, monkeypatch):
    monkeypatch.delenv("RECALL_WORKSPACE")
    env = {k: v for k, v in os.environ.items() if k != "RECALL_WORKSPACE"}
    recall = [sys.executable, "-m", "recall"]
    outside = subprocess.run([*recall, "cards"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert outside.returncode == 1
    assert "not inside a recall workspace" in outside.stderr and "recall init" in outside.stderr
    assert "Traceback" not in outside.stderr
    made = subprocess.run([*recall, "init", "mine"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    assert (tmp_path / "mine" / "recall.toml").is_file() and (tmp_path / "mine" / "decks").is_dir()
    (tmp_path / "mine" / "decks" / "01-good.md").write_text(GOOD)
    nested = tmp_path / "mine" / "decks"
    built = subprocess.run([*recall, "build"], cwd=nested, env=env, capture_output=True, text=True)
    assert built.returncode == 0 and "3 added" in built.stdout
    assert (tmp_path / "mine" / "data" / "recall.sqlite3").is_file()
    by_flag = subprocess.run([*recall, "--workspace", str(tmp_path / "mine"), "cards", "--json"], cwd=tmp_path,
                             env=env, capture_output=True, text=True)
    assert len(json.loads(by_flag.stdout)) == 3
    by_env = subprocess.run([*recall, "cards", "--json"], cwd=tmp_path, capture_output=True, text=True,
                            env={**env, "RECALL_WORKSPACE": str(tmp_path / "mine")})
    assert json.loads(by_env.stdout) == json.loads(by_flag.stdout)
    again = subprocess.run([*recall, "init", "mine"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert again.returncode == 1 and "already a recall workspace" in again.stderr
    wrong = subprocess.run([*recall, "-w", str(tmp_path), "cards"], cwd=tmp_path, env=env, capture_output=True,
                           text=True)
    assert wrong.returncode == 1 and "is not a recall workspace" in wrong.stderr


def test_project_is_itself_a_workspace_with_our_lessons(tmp_path):
    env = {**os.environ, "RECALL_WORKSPACE": ""}
    checked = subprocess.run([sys.executable, "-m", "recall", "check"], cwd=PROJECT / "decks", env=env,
                             capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "0 errors, 0 warnings" in checked.stdout


def test_a_platform_without_posix_signals_is_told_so_plainly(run, monkeypatch):
    monkeypatch.setattr("sys.platform", "win32")
    result = run("status")
    assert result.exit_code == 1
    assert "recall runs on Linux and macOS" in result.output and "WSL" in result.output


def test_a_readme_in_decks_is_skipped_with_a_note(run, workspace):
    write(workspace, "01-good.md", GOOD)
    write(workspace, "README.md", "# Our lessons\n\nNotes for whoever keeps this folder.\n")
    result = run("build")
    assert result.exit_code == 0, result.output
    assert "decks/README.md:1: note: not a lesson (no frontmatter); skipped" in result.output
    assert "01-good (decks/01-good.md): 3 added" in result.output
    checked = run("check")
    assert checked.exit_code == 0 and "note: not a lesson" in checked.output
    assert "2 files checked: 0 errors, 0 warnings." in checked.output
    # a README with frontmatter is a lesson like any other
    write(workspace, "README.md", lesson("## Key Takeaways\n\n- Use **tuples** for records\n", id="00-readme",
                                         title="Readme"))
    assert "00-readme (decks/README.md)" in run("build").output


def test_check_reports_self_and_cyclic_prerequisites(run, workspace):
    write(workspace, "01-a.md", lesson("## A\n\nText.\n", id="01-a", title="A", prerequisites=["01-a", "02-b"]))
    write(workspace, "02-b.md", lesson("## B\n\nText.\n", id="02-b", title="B", prerequisites=["03-c"]))
    write(workspace, "03-c.md", lesson("## C\n\nText.\n", id="03-c", title="C", prerequisites=["01-a"]))
    result = run("check")
    assert result.exit_code == 0
    assert "decks/01-a.md:4: warning: lesson '01-a' lists itself as a prerequisite" in result.output
    assert "decks/01-a.md:4: warning: prerequisites form a cycle: 01-a -> 02-b -> 03-c -> 01-a" in result.output
    assert "decks/03-c.md:4: warning: prerequisites form a cycle: 03-c -> 01-a -> 02-b -> 03-c" in result.output
    # a build that reads one file again still sees the cycle through the lessons it did not read
    assert run("build").exit_code == 0
    write(workspace, "02-b.md", lesson("## B\n\nMore text.\n", id="02-b", title="B", prerequisites=["03-c"]))
    assert "prerequisites form a cycle: 02-b -> 03-c -> 01-a -> 02-b" in run("build").output


def _shortest_cycle(start, graph):
    """The plain search: from each lesson, every chain of prerequisites, breadth first."""
    paths, frontier = {start: [start]}, [start]
    while frontier:
        following = []
        for node in frontier:
            for need in graph.get(node, ()):
                if need == node:
                    continue
                if need == start:
                    return [*paths[node], start]
                if need not in paths:
                    paths[need] = [*paths[node], need]
                    following.append(need)
        frontier = following
    return None


@given(st.dictionaries(st.sampled_from("abcdefghij"), st.lists(st.sampled_from("abcdefghijk"), max_size=3),
                       max_size=10))
def test_cycles_found_are_the_shortest_through_each_lesson(graph):
    """Only lessons that can lie on a cycle are searched, and each finds what a search from it finds."""
    from recall.build.analyse import _cycle_through, _on_cycles

    looped = _on_cycles(graph)
    for start in graph:
        expected = _shortest_cycle(start, graph)
        assert (_cycle_through(start, graph, looped) if start in looped else None) == expected, start


def test_a_lesson_whose_cards_cannot_be_made_fails_alone(run, workspace, monkeypatch):
    """Whatever goes wrong inside the generators stays with that file: one clear line, the rest builds."""
    from recall.derive import takeaways

    real = takeaways.derive

    def breaks_on_one_lesson(parsed):
        if parsed.id == "02-odd":
            raise StopIteration  # what one real lesson once raised from deep in a generator
        return real(parsed)

    monkeypatch.setattr(takeaways, "derive", breaks_on_one_lesson)
    write(workspace, "01-good.md", GOOD)
    write(workspace, "02-odd.md", GOOD.replace("01-good", "02-odd"))
    result = run("build")
    assert result.exit_code == 1
    assert "decks/02-odd.md:2: could not make cards from this lesson (StopIteration)" in result.output
    assert "01-good (decks/01-good.md): 3 added" in result.output and "Traceback" not in result.output


def test_a_long_lesson_id_is_cut_with_an_ellipsis_in_the_listing(run, workspace):
    write(workspace, "01.md", lesson("## Key Takeaways\n\n- Use **sets** for membership\n",
                                     id="01-a-very-long-lesson-identifier"))
    assert run("build").exit_code == 0
    (line, *_) = run("cards").output.splitlines()
    assert "01-a-very-long-…  " in line and "01-a-very-long-l " not in line
