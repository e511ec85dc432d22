"""recall stats from a review log with known answers; leeches; recall optimize on a simulated learner."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta

import pytest
from fsrs import Card, Rating, Scheduler, State
from sqlalchemy import create_engine, func, insert, select
from sqlalchemy.pool import NullPool

from conftest import lesson, write
from recall.build import build
from recall.store import models
from recall.store.database import Database
from recall.store.models import card_state, review_log
from recall.study.optimize import fit
from recall.study.stats import collect

NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)
BODY = "## Key Takeaways\n\n" + "".join(f"- Use **term{n}** for case {n}\n" for n in range(12))


@pytest.fixture
def connect(workspace):
    """Opens plain connections to the workspace's database (to write a known history); closes them after."""
    opened = []

    def open_connection():
        engine = create_engine(workspace.database_url(), poolclass=NullPool)
        opened.append(engine)
        return engine.connect()

    yield open_connection
    for engine in opened:
        engine.dispose()


def setup(workspace, connect):
    write(workspace, "01.md", lesson(BODY))
    build(workspace, NOW - timedelta(days=400))
    con = connect()
    ids = list(con.execute(select(models.cards.c.id).order_by(models.cards.c.ord)).scalars())
    return con, ids


def figures(workspace, *args):
    with Database(workspace) as db:
        return collect(db, *args)


def state(con, card_id, *, due, stability=5.0, lapses=0, state=2):
    con.execute(insert(card_state).values(
        card_id=card_id, state=state, step=None, stability=stability, difficulty=5.0, due=due,
        last_review=NOW - timedelta(days=3), reps=3, lapses=lapses, introduced_at=NOW - timedelta(days=100),
        suspended=False))


def log(con, card_id, when, rating, state_before=2, ms=10_000):
    con.execute(insert(review_log).values(card_id=card_id, reviewed_at=when, rating=rating, duration_ms=ms,
                                          state_before=state_before))


def test_figures_match_a_log_computed_by_hand(workspace, connect):
    con, ids = setup(workspace, connect)
    # reviews on the 5 days up to today (a streak of 5), a gap, then older ones
    for days_ago in range(5):
        log(con, ids[0], NOW - timedelta(days=days_ago), 3)
    log(con, ids[1], NOW - timedelta(days=2), 1)  # a lapse of a review card
    log(con, ids[2], NOW - timedelta(days=2), 3, state_before=None)  # new card: not in retention
    log(con, ids[3], NOW - timedelta(days=10), 2)
    log(con, ids[3], NOW - timedelta(days=45), 1)  # older than 30 days: not in retention
    # answers to review cards in the last 30 days: 5 + 1 + 1 = 7, of which 6 correct (rating > 1)
    state(con, ids[0], due=NOW - timedelta(days=2))            # overdue: counts today
    state(con, ids[1], due=NOW + timedelta(hours=1))           # today
    state(con, ids[2], due=NOW + timedelta(days=1, hours=1))   # tomorrow
    state(con, ids[3], due=NOW + timedelta(days=29, hours=1))  # last day of the forecast
    state(con, ids[4], due=NOW + timedelta(days=40))           # beyond it
    state(con, ids[5], due=NOW + timedelta(days=3), stability=30.0, lapses=8)  # mastered, and a leech
    state(con, ids[6], due=NOW + timedelta(days=3), stability=21.0, lapses=9)
    con.commit()
    stats = figures(workspace, NOW, UTC, 4)
    assert stats.retention == 6 / 7 and stats.retention_reviews == 7
    assert stats.streak == 5
    assert stats.forecast[0] == 2 and stats.forecast[1] == 1 and stats.forecast[3] == 2
    assert stats.forecast[29] == 1 and sum(stats.forecast) == 6
    assert [(c, n) for c, _, n in stats.leeches] == [(ids[6], 9), (ids[5], 8)]
    (lesson_stats,) = stats.lessons
    assert (lesson_stats.cards, lesson_stats.mastered) == (12, 2)
    assert stats.time_ms_total == 9 * 10_000 and stats.time_ms_30d == 8 * 10_000
    assert sum(stats.reviews_per_day.values()) == 9


def test_streak_counts_from_yesterday_until_today_has_reviews(workspace, connect):
    con, ids = setup(workspace, connect)
    for days_ago in (1, 2, 3, 5):
        log(con, ids[0], NOW - timedelta(days=days_ago), 3)
    con.commit()
    assert figures(workspace, NOW, UTC, 4).streak == 3


def test_charts_fit_80_columns_plain(workspace, run, monkeypatch, connect):
    con, ids = setup(workspace, connect)
    for n in range(200):
        log(con, ids[n % 12], NOW - timedelta(days=n % 300, hours=n % 7), 1 + n % 4)
        state(con, ids[n % 12], due=NOW + timedelta(days=n % 30)) if n < 12 else None
    con.commit()
    monkeypatch.setenv("COLUMNS", "80")
    result = run("stats")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "\x1b[" not in result.output  # NO_COLOR (and a pipe): plain text
    assert "Reviews per day" in result.output and "True retention" in result.output
    figures = json.loads(run("stats", "--json").output)
    assert set(figures) >= {"reviews_per_day", "forecast", "retention", "streak", "lessons", "leeches"}


def test_leeches_listed_suspended_and_brought_back(workspace, run, connect, terminal):
    con, ids = setup(workspace, connect)
    state(con, ids[0], due=NOW - timedelta(days=1), lapses=8)
    con.commit()
    leeches = json.loads(run("cards", "--json", "--leeches").output)
    assert [c["id"] for c in leeches] == [ids[0]]
    term = terminal("review", "--new", "0")
    term.wait("A leech: you have forgotten this card 8 times")
    term.wait("press any key")
    term.press("enter")
    term.wait(r"s\) Suspend this leech")
    term.press("s")
    term.wait("Suspended")
    assert term.exit_code() == 0
    assert [c["id"] for c in json.loads(run("cards", "--json", "--suspended").output)] == [ids[0]]
    assert con.execute(select(func.count()).select_from(review_log)).scalar() == 0
    status = json.loads(run("status", "--json").output)
    assert status["total"]["due"] == 0  # a suspended card is not due
    result = run("unsuspend", ids[0][:6])
    assert result.exit_code == 0 and ids[0] in result.output
    assert json.loads(run("cards", "--json", "--suspended").output) == []
    assert run("unsuspend", "zzz").exit_code == 1


TRUE_PARAMETERS = list(Scheduler().parameters)
for _i in range(4):
    TRUE_PARAMETERS[_i] *= 6  # a learner whose first memories last six times longer than the defaults assume


def simulate(workspace, connect, cards: int = 400, days: int = 240) -> None:
    """A learner whose memory follows TRUE_PARAMETERS answers every card when due."""
    write(workspace, "01.md", lesson("## Key Takeaways\n\n" + "".join(f"- Use **t{n}** for c{n}\n"
                                                                      for n in range(cards))))
    start = datetime(2025, 1, 1, 9, tzinfo=UTC)
    build(workspace, start)
    truth = Scheduler(parameters=TRUE_PARAMETERS, learning_steps=(), enable_fuzzing=False)
    rng = random.Random(42)
    con = connect()
    ids = list(con.execute(select(models.cards.c.id)).scalars())
    for n, card_id in enumerate(ids):
        card = Card(card_id=n + 1, state=State.Learning, step=0, due=start + timedelta(days=n % 30))
        now = card.due
        first = True
        while now < start + timedelta(days=days):
            recalled = first or rng.random() < truth.get_card_retrievability(card, now)
            rating = Rating.Good if recalled else Rating.Again
            if first:
                rating = Rating.Good if rng.random() < 0.7 else Rating.Again
            card, _ = truth.review_card(card, rating, now)
            log(con, card_id, now, int(rating), state_before=None if first else 2)
            first = False
            now = max(card.due, now + timedelta(days=1)).replace(hour=9)
    con.commit()


def test_fitted_parameters_predict_a_simulated_learner_better(workspace, connect):
    simulate(workspace, connect)
    with Database(workspace) as db:
        result = fit(db, UTC)
    assert result.reviews > 2000 and result.parameters is not None
    assert result.fitted.log_loss < result.default.log_loss
    assert result.better


def test_optimize_keeps_defaults_with_little_history(workspace, run, connect):
    con, ids = setup(workspace, connect)
    for n in range(30):
        log(con, ids[n % 12], NOW - timedelta(days=n), 3)
    con.commit()
    result = run("optimize")
    assert "30 reviews so far; fitting needs at least 400 (370 more)" in result.output
    assert "parameters = [" not in workspace.settings_path.read_text()


def test_parameters_fsrs_refuses_never_reach_recall_toml(workspace, run):
    """A fit that yields the wrong number of weights must not leave a file that breaks every later review."""
    from recall.settings import SettingsError, load
    from recall.study.optimize import write_parameters

    before = workspace.settings_path.read_text()
    with pytest.raises(SettingsError, match="FSRS takes 21"):
        write_parameters(workspace.settings_path, [0.5] * 19)
    assert workspace.settings_path.read_text() == before
    write_parameters(workspace.settings_path, list(Scheduler().parameters))
    assert len(load(workspace.settings_path).parameters) == 21
    assert workspace.settings_path.read_text().startswith(before.rstrip("\n"))
    assert [p.name for p in workspace.root.iterdir() if p.name.endswith(".partial")] == []


def test_the_optimizer_numbers_days_in_the_learners_time_zone(workspace, connect):
    """Two answers 90 minutes apart fall on two days for a learner in UTC+10 whose day starts at 4, one in UTC."""
    from datetime import timezone

    from recall.study.optimize import histories

    con, ids = setup(workspace, connect)
    log(con, ids[0], datetime(2026, 6, 14, 17, 30, tzinfo=UTC), 3)  # 03:30 next day in UTC+10: still the 14th
    log(con, ids[0], datetime(2026, 6, 14, 19, 0, tzinfo=UTC), 3)  # 05:00 in UTC+10: the 15th
    con.commit()
    with Database(workspace) as db:
        east = [day for _, day in histories(db, timezone(timedelta(hours=10)), 4)[ids[0]]]
        utc = [day for _, day in histories(db, UTC, 4)[ids[0]]]
    assert east[1] - east[0] == 1
    assert utc[1] == utc[0]
