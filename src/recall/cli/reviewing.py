"""Studying: review, status, stats, optimize, suspend and unsuspend."""

from __future__ import annotations

import shutil

import click

from recall.cli import (
    Context,
    db_call,
    local_tz,
    main,
    now,
    pass_ctx,
    refresh,
    settings_of,
)


@main.command()
@click.option("--lesson", "-l", metavar="ID", help="Only this lesson's cards.")
@click.option("--new", "new_limit", type=click.IntRange(min=0), metavar="N",
              help="New cards to introduce today (default: new_per_day in recall.toml, 20).")
@click.option("--limit", "review_limit", type=click.IntRange(min=0), metavar="N",
              help="Most reviews today (default: max_reviews_per_day in recall.toml, 200).")
@pass_ctx
def review(ctx: Context, lesson: str | None, new_limit: int | None, review_limit: int | None) -> None:
    """Study what is due today: learning cards, then reviews, then new cards.

    Space (or any key) shows an answer, 1-4 rate it; every answer is saved the moment you
    rate it. Quit any time with q, Esc, Ctrl-C or Ctrl-D.
    """
    from rich.console import Console

    from recall.store.catalog import lesson_ids
    from recall.store.database import Database
    from recall.study.session import Session
    from recall.ui.review import NoTerminal, run
    from recall.ui.summary import summary_lines

    ws = ctx.workspace
    settings = settings_of(ws)
    db_call(refresh, ws)
    tz = local_tz()

    def study():
        with Database(ws) as db:
            if lesson is not None and lesson not in lesson_ids(db):
                raise click.ClickException(f"no lesson '{lesson}' in this workspace")
            session = Session.start(db, settings, now(), tz, lesson=lesson, new_limit=new_limit,
                                    review_limit=review_limit)
            try:
                return run(session, now, Console(highlight=False))
            except NoTerminal as exc:
                raise click.ClickException(str(exc)) from None

    summary = db_call(study)
    for line in summary_lines(summary, now(), tz):
        click.echo(line)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@pass_ctx
def status(ctx: Context, as_json: bool) -> None:
    """What is due now, in learning and new, per lesson and in total (no prompts)."""
    from recall.store.database import Database
    from recall.study.status import collect
    from recall.ui.dashboard import status_json, status_lines

    ws = ctx.workspace
    settings = settings_of(ws)

    def run():
        with Database(ws) as db:
            return collect(db, settings, now(), local_tz())

    report = db_call(run)
    if as_json:
        click.echo(status_json(report))
    else:
        for line in status_lines(report, now(), local_tz()):
            click.echo(line)


@main.command()
@click.option("--lesson", "-l", metavar="ID", help="Only this lesson.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@pass_ctx
def stats(ctx: Context, lesson: str | None, as_json: bool) -> None:
    """Your progress: reviews per day, the coming due dates, retention, mastery, streak, leeches."""
    from recall.store.catalog import lesson_ids
    from recall.store.database import Database
    from recall.study.stats import collect

    ws = ctx.workspace
    settings = settings_of(ws)

    def run():
        with Database(ws) as db:
            if lesson is not None and lesson not in lesson_ids(db):
                raise click.ClickException(f"no lesson '{lesson}' in this workspace")
            return collect(db, now(), local_tz(), settings.day_starts_at, lesson)

    figures = db_call(run)
    if as_json:
        from recall.ui.charts import stats_json

        click.echo(stats_json(figures))
        return
    from rich.console import Console

    from recall.ui.charts import print_stats

    print_stats(figures, Console(highlight=False, width=min(80, shutil.get_terminal_size().columns)))


@main.command()
@pass_ctx
def optimize(ctx: Context) -> None:
    """Fit FSRS to your own review history (fsrs-rs), and use the fitted parameters from now on.

    Needs a few hundred reviews. Reports how well the default and the fitted parameters
    predict your held-out answers (log loss and RMSE; lower is better).
    """
    from recall.settings import SettingsError
    from recall.store.database import Database
    from recall.study.optimize import MIN_REVIEWS, fit, write_parameters

    ws = ctx.workspace
    settings = settings_of(ws)

    def run():
        with Database(ws) as db:
            return fit(db, local_tz(), settings.day_starts_at)

    click.echo("Fitting FSRS to your review history…", err=True)
    result = db_call(run)
    if result.parameters is None:
        more = max(0, MIN_REVIEWS - result.reviews)
        click.echo(f"{result.reviews} reviews so far; fitting needs at least {MIN_REVIEWS} "
                   f"({more} more). Keeping the default parameters.")
        return
    click.echo(f"{result.reviews} reviews; trained on {result.train_items} answers, scored on "
               f"{result.test_items} held-out answers.")
    click.echo(f"  default parameters: log loss {result.default.log_loss:.4f}, RMSE {result.default.rmse:.4f}")
    click.echo(f"  fitted parameters:  log loss {result.fitted.log_loss:.4f}, RMSE {result.fitted.rmse:.4f}")
    if not result.better:
        click.echo("The fitted parameters predict your answers no better; keeping the defaults.")
        return
    try:
        write_parameters(ws.settings_path, result.parameters)
    except (SettingsError, OSError) as exc:
        raise click.ClickException(f"the fitted parameters were not saved: {exc}") from None
    click.echo(f"Saved to {ws.settings_path}; reviews are scheduled with them from now on.")


@main.command()
@click.argument("card_id")
@pass_ctx
def suspend(ctx: Context, card_id: str) -> None:
    """Keep a card out of reviews until `recall unsuspend` (CARD_ID or a unique start of it)."""
    changed, full = _set_suspended(ctx, card_id, True)
    if not changed:
        raise click.ClickException(f"card {full} is suspended already")
    click.echo(f"Card {full} is suspended: it stays out of your reviews until `recall unsuspend {full}`.")


@main.command()
@click.argument("card_id")
@pass_ctx
def unsuspend(ctx: Context, card_id: str) -> None:
    """Bring a suspended card back into reviews (CARD_ID or a unique start of it)."""
    changed, full = _set_suspended(ctx, card_id, False)
    if not changed:
        raise click.ClickException(f"card {full} is not suspended")
    click.echo(f"Card {full} is back in your reviews.")


def _set_suspended(ctx: Context, card_id: str, suspended: bool) -> tuple[bool, str]:
    """(whether anything changed, the card's full id)."""
    from recall.store.cards import CardError, marked, resolve
    from recall.store.database import Database
    from recall.store.queue import memory
    from recall.store.reviews import set_suspended

    ws = ctx.workspace

    def run():
        with Database(ws) as db:
            try:
                full = resolve(db, card_id)
                if memory(db, full) is None:  # never studied: there is nothing to suspend or bring back
                    raise CardError(f"card {full} has never been studied: only a card answered at least once "
                                    f"can be {'suspended' if suspended else 'brought back'}")
                if (full in marked(db, suspended=True, leech_lapses=None)) == suspended:
                    return False, full
                return True, set_suspended(db, full, suspended)
            except CardError as exc:
                raise click.ClickException(str(exc)) from None

    return db_call(run)
