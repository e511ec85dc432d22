"""What `recall review` says when it has nothing (more) to show: the real reason, and what to do."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import create_engine, update
from sqlalchemy.pool import NullPool

from conftest import lesson, write
from recall.build import build
from recall.settings import load
from recall.store.database import Database
from recall.store.models import card_state
from recall.study.session import Session

AGAIN, EASY = 1, 4
BODY = "## Key Takeaways\n\n" + "".join(f"- Use **term{n}** for case {n}\n" for n in range(5))
CONTRADICTIONS = ("No cards to study", "No cards answered", "still waiting", "Traceback")


def study(workspace, answers: int, rating: int, **limits) -> None:
    """Answer ``answers`` cards now, as a session would."""
    now = datetime.now(UTC)
    with Database(workspace) as db:
        session = Session.start(db, load(workspace.settings_path), now, datetime.now().astimezone().tzinfo,
                                **limits)
        for _ in range(answers):
            session.answer(session.next(now), rating, now)


@pytest.fixture
def cards(workspace):
    write(workspace, "01.md", lesson(BODY))
    build(workspace, datetime.now(UTC))
    return workspace


def said(run, *args: str) -> str:
    result = run("review", *args)
    assert result.exit_code == 0, result.output
    return result.output


def test_no_cards_at_all(workspace, run):
    out = said(run)
    assert out.startswith("No cards to study yet: decks/ has none.")
    assert "Nothing is due" not in out


@pytest.mark.databases
def test_todays_new_cards_are_done(cards, run):
    cards.settings_path.write_text("new_per_day = 2\n")
    study(cards, 2, EASY)
    out = said(run)
    assert out.splitlines()[0] == ("Nothing is due right now: today's 2 new cards are done; "
                                   "`recall review --new 12` for 10 more.")
    assert re.search(r"^Next card due ", out, re.M)
    assert not any(word in out for word in CONTRADICTIONS)
    # a lower --new than what was started says so
    out = said(run, "--new", "1", "--lesson", "01-sample")
    assert out.splitlines()[0] == ("Nothing is due right now: today's 2 new cards are done (the limit is 1); "
                                   "`recall review --lesson 01-sample --new 12` for 10 more.")


def test_no_new_cards_with_new_zero(cards, run):
    out = said(run, "--new", "0")
    assert out.splitlines()[0] == "Nothing is due right now: no new cards today (the limit is 0); " \
                                  "`recall review --new 10` for 10."
    assert not any(word in out for word in CONTRADICTIONS)


def test_learning_cards_waiting_say_when_to_come_back(cards, run):
    cards.settings_path.write_text('new_per_day = 1\nlearning_steps = ["2h"]\n')
    study(cards, 1, AGAIN)
    out = said(run)
    assert re.search(r"^1 card in learning comes back today at \d\d:\d\d: run `recall review` again then\.$",
                     out, re.M), out
    assert "Next card due" not in out  # the learning line says when
    assert not any(word in out for word in CONTRADICTIONS)


def test_todays_reviews_are_done(cards, run):
    cards.settings_path.write_text('learning_steps = []\n')
    study(cards, 5, EASY)
    engine = create_engine(cards.database_url(), poolclass=NullPool)
    with engine.begin() as conn:  # a month later, every card is due
        conn.execute(update(card_state).values(due=datetime(2000, 1, 1, tzinfo=UTC)))
    engine.dispose()
    out = said(run, "--limit", "0")
    assert out.splitlines()[0] == ("Nothing is due right now: no reviews today (the limit is 0); "
                                   "`recall review --limit 50` for 50.")
    assert "Next card due" not in out  # held back by the limit, the due cards do not come today


def test_stopping_a_session_with_limits_of_its_own_says_how_to_carry_on_with_them(cards):
    """`--new 4` then quitting: the summary's command carries on with the same limit."""
    from recall.ui.summary import summary_lines

    now = datetime.now(UTC)
    with Database(cards) as db:
        session = Session.start(db, load(cards.settings_path), now, UTC, new_limit=4, fuzz=False)
        session.answer(session.next(now), EASY, now)
        lines = summary_lines(session.summary(now), now, UTC)
        plain = summary_lines(Session.start(db, load(cards.settings_path), now, UTC, fuzz=False).summary(now), now,
                              UTC)
    assert "3 cards still waiting today: `recall review --new 4` carries on." in lines
    assert any("`recall review` to start." in line for line in plain)  # the settings' own limits: nothing to add


def test_the_next_card_of_a_lesson_is_said_to_be_of_that_lesson(cards, run):
    write(cards, "02.md", lesson(BODY, id="02-other"))
    study(cards, 5, EASY)  # the first lesson's cards, all far off now
    out = said(run, "--lesson", "01-sample")
    assert re.search(r"^Next card of 01-sample due ", out, re.M), out
