"""Command-line entry points: thin glue. The clock is read here and nowhere else."""

from __future__ import annotations

import shutil
import sys
from datetime import UTC, datetime
from pathlib import Path

import click

from recall.cards import SOURCES
from recall.workspace import ENV_VAR, Workspace, WorkspaceError, locate


def _now() -> datetime:
    return datetime.now(UTC)


def _local_tz():
    return datetime.now().astimezone().tzinfo


class Context:
    def __init__(self, workspace: str | None):
        self._explicit = workspace

    @property
    def workspace(self) -> Workspace:
        try:
            return locate(self._explicit, Path.cwd())
        except WorkspaceError as exc:
            raise click.ClickException(str(exc)) from None


pass_ctx = click.make_pass_decorator(Context)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--workspace", "-w", metavar="DIR", envvar=ENV_VAR, show_envvar=True,
              help="Workspace folder (holds recall.toml, decks/ and data/). "
                   "Default: the nearest one above the current folder.")
@click.version_option(package_name="recall")
@click.pass_context
def main(ctx: click.Context, workspace: str | None) -> None:
    """recall: spaced repetition for learning Python, in the terminal.

    Lessons in decks/ become quiz cards; `recall build` syncs them into data/.
    """
    ctx.obj = Context(workspace)


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def init(directory: Path) -> None:
    """Make a new, empty workspace in DIRECTORY."""
    from recall.workspace import init as make

    try:
        ws = make(directory)
    except WorkspaceError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Created a workspace in {ws.root}: add lessons to {ws.decks}, then run `recall build`.")


@main.command()
@click.option("--jobs", "-j", type=click.IntRange(min=1),
              help="Worker processes for parsing (default: all cores), and code runs at once with --run-code "
                   "(default 16).")
@click.option("--run-code/--no-run-code", default=None,
              help="Run the lessons' Python code (each block in its own limited process) to check and complete "
                   "predict-the-output cards. Default: run_code in recall.toml (off).")
@pass_ctx
def build(ctx: Context, jobs: int | None, run_code: bool | None) -> None:
    """Turn every lesson under decks/ into cards and sync them into data/recall.sqlite3."""
    from recall.build import build as run
    from recall.ui.report import build_lines

    ws = ctx.workspace
    settings = _settings(ws)
    run_code = settings.run_code if run_code is None else run_code
    report = _db_call(run, ws, _now(), jobs=jobs, run_code=run_code, time_limit=settings.code_time_limit,
                      code_jobs=jobs)
    for line in build_lines(report):
        click.echo(line)
    if not report.ok:
        sys.exit(1)


@main.command()
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Worker processes for parsing (default: all cores).")
@pass_ctx
def check(ctx: Context, jobs: int | None) -> None:
    """Lint the lessons without writing anything; exit 1 when there are errors."""
    from recall.build import check as run
    from recall.ui.report import check_lines

    lines, errors, _ = check_lines(run(ctx.workspace, jobs=jobs))
    for line in lines:
        click.echo(line)
    if errors:
        sys.exit(1)


@main.command()
@click.option("--lesson", "-l", metavar="ID", help="Only this lesson's cards.")
@click.option("--source", "-s", type=click.Choice(SOURCES), help="Only cards from this kind of source.")
@click.option("--status", type=click.Choice(["active", "retired", "all"]), default="active", show_default=True,
              help="Retired cards are those whose origin left the lessons; their history is kept.")
@click.option("--suspended", is_flag=True, help="Only cards you suspended.")
@click.option("--leeches", is_flag=True, help="Only leeches: cards forgotten 8 times or more.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON array, one object per card.")
@pass_ctx
def cards(ctx: Context, lesson: str | None, source: str | None, status: str, suspended: bool, leeches: bool,
          as_json: bool) -> None:
    """List cards (run `recall build` first to pick up lesson changes)."""
    from recall.db.database import Database
    from recall.db.queries import lesson_ids, list_cards
    from recall.ui.report import cards_json, cards_lines

    def run():
        with Database(ctx.workspace.db_path) as db:
            if lesson is not None and lesson not in lesson_ids(db.con):
                raise click.ClickException(f"no lesson '{lesson}' in this workspace (run `recall build`?)")
            found = list_cards(db.con, lesson=lesson, source=source, status=None if status == "all" else status)
            if suspended or leeches:
                from recall.stats import LEECH_LAPSES

                marked = {row[0] for row in db.con.execute(
                    "SELECT card_id FROM card_state WHERE (? AND suspended) OR (? AND lapses >= ?)",
                    (suspended, leeches, LEECH_LAPSES))}
                found = [card for card in found if card["id"] in marked]
            return found

    found = _db_call(run)
    if as_json:
        click.echo(cards_json(found))
    else:
        for line in cards_lines(found):
            click.echo(line)


def _settings(ws: Workspace):
    from recall.settings import SettingsError, load

    try:
        return load(ws.settings_path)
    except SettingsError as exc:
        raise click.ClickException(str(exc)) from None


def _refresh(ws: Workspace) -> None:
    """Before studying: rebuild if any deck file changed since the last build (a cheap stat check)."""
    from recall.build import build as run, stale
    from recall.ui.report import build_lines

    if stale(ws):
        report = run(ws, _now())
        lines = build_lines(report)
        if report.lessons or report.failed:
            for line in lines:
                click.echo(line, err=True)


@main.command()
@click.option("--lesson", "-l", metavar="ID", help="Only this lesson's cards.")
@click.option("--new", "new_limit", type=click.IntRange(min=0), metavar="N",
              help="New cards to introduce today (default: new_per_day in recall.toml, 20).")
@click.option("--limit", "review_limit", type=click.IntRange(min=0), metavar="N",
              help="Most reviews today (default: max_reviews_per_day in recall.toml, 200).")
@pass_ctx
def review(ctx: Context, lesson: str | None, new_limit: int | None, review_limit: int | None) -> None:
    """Study what is due today: learning cards, then reviews, then new cards.

    Every answer is saved the moment you rate it; quit any time with q, Ctrl-C or Ctrl-D.
    """
    from rich.console import Console

    from recall.db.database import Database
    from recall.db.queue import lesson_prerequisites
    from recall.session import Session
    from recall.ui.review import run, summary_lines

    ws = ctx.workspace
    settings = _settings(ws)
    _db_call(_refresh, ws)
    tz = _local_tz()

    def study():
        with Database(ws.db_path) as db:
            if lesson is not None and lesson not in lesson_prerequisites(db.con):
                raise click.ClickException(f"no lesson '{lesson}' in this workspace")
            session = Session.start(db, settings, _now(), tz, lesson=lesson, new_limit=new_limit,
                                    review_limit=review_limit)
            summary = run(session, _now, Console(highlight=False))
            return summary

    summary = _db_call(study)
    for line in summary_lines(summary, _now(), tz):
        click.echo(line)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@pass_ctx
def status(ctx: Context, as_json: bool) -> None:
    """What is due now, in learning and new, per lesson and in total (no prompts)."""
    from recall.status import collect
    from recall.ui.status import status_json, status_lines

    ws = ctx.workspace
    settings = _settings(ws)
    report = _db_call(collect, ws, settings, _now(), _local_tz())
    if as_json:
        click.echo(status_json(report))
    else:
        for line in status_lines(report, _now(), _local_tz()):
            click.echo(line)


@main.command()
@click.option("--deck", "-d", metavar="ID", help="The deck (lesson or cards file) to add to.")
@click.option("--front", "-f", metavar="TEXT", help="The question (flip, choice and predict-the-output cards).")
@click.option("--back", "-b", metavar="TEXT", help="The answer of a flip card.")
@click.option("--cloze", metavar="TEXT", help='A cloze: the hidden parts in double braces, "Use {{threading}} for I/O".')
@click.option("--choice", "choices", multiple=True, metavar="TEXT", help="An option of a choice card (repeat).")
@click.option("--correct", metavar="TEXT", help="The correct option (one of the --choice values).")
@click.option("--code", metavar="CODE", help="Code for a predict-the-output card (with --output).")
@click.option("--output", metavar="TEXT", help="What --code prints.")
@click.option("--explain", metavar="TEXT", help="An explanation shown after answering.")
@pass_ctx
def add(ctx: Context, deck, front, back, cloze, choices, correct, code, output, explain) -> None:
    """Write a card of your own into a deck file, and sync it at once.

    Without card flags it asks step by step. With flags, one of:

    \b
      recall add --deck ID --front TEXT --back TEXT
      recall add --deck ID --cloze "Use {{threading}} for I/O-bound work"
      recall add --deck ID --front TEXT --choice A --choice B --correct B [--explain TEXT]
      recall add --deck ID --code "print(2 ** 10)" --output 1024 [--front TEXT]
    """
    from recall.adding import AddError, append, check_card, deck_files, new_deck
    from recall.authored import Authored

    ws = ctx.workspace
    decks = deck_files(ws)
    flags = any(v for v in (front, back, cloze, choices, correct, code, output))
    try:
        if flags:
            if not deck:
                raise click.UsageError("--deck is needed with card flags")
            if deck not in decks:
                known = ", ".join(sorted(decks)) or "none yet"
                raise click.ClickException(f"no deck '{deck}' in {ws.decks} (decks: {known})")
            card = _card_from_flags(front, back, cloze, choices, correct, code, output, explain)
            text = check_card(card)
            path = decks[deck][0]
        else:
            text, path = _card_interactively(ws, decks, deck)
        line = append(path, ws.relative(path), text)
    except AddError as exc:
        raise click.ClickException(str(exc)) from None
    report = _db_call(_build_now, ws)
    added = [c for c in _db_call(_cards_at, ws, ws.relative(path), line)]
    click.echo(f"Added to {ws.relative(path)}:{line}: " + ", ".join(added) if added else
               f"Added to {ws.relative(path)}:{line}.")
    if not report.ok:
        sys.exit(1)


def _card_from_flags(front, back, cloze, choices, correct, code, output, explain):
    from recall.adding import AddError
    from recall.authored import Authored

    explain = (explain or "").strip()
    if cloze:
        if front or back or choices or code:
            raise click.UsageError("--cloze goes alone (with --explain at most)")
        return Authored(0, "cloze", cloze.strip(), "", explanation=explain)
    if choices or correct:
        if not front:
            raise click.UsageError("a choice card needs --front (the question)")
        if correct is None or correct not in choices:
            raise AddError("--correct must be one of the --choice values")
        return Authored(0, "choice", front.strip(), correct, tuple(c.strip() for c in choices), explain)
    if code or output:
        if not (code and output):
            raise click.UsageError("a predict-the-output card needs both --code and --output")
        return Authored(0, "typed", (front or "What does this code print?").strip(), output.strip("\n"),
                        explanation=explain, code=code.strip("\n"))
    if not (front and back):
        raise click.UsageError("a flip card needs --front and --back")
    return Authored(0, "flip", front.strip(), back.strip(), explanation=explain)


def _card_interactively(ws, decks, deck):
    from rich.console import Console

    from recall.adding import check_card, new_deck
    from recall.ui import add as form
    from recall.ui.stop import Stop

    if not sys.stdin.isatty():
        raise click.UsageError("no card flags given and no terminal to ask in; see `recall add --help`")
    try:
        if deck and deck in decks:
            deck_id, title = deck, None
        else:
            deck_id, title = form.choose_deck(decks)
        card = form.fill_card()
        text = check_card(card)
        form.preview(card, Console(highlight=False))
        if not form.confirm():
            raise Stop
    except Stop:
        click.echo("Cancelled: nothing was written.")
        sys.exit(1)
    path = new_deck(ws, deck_id, title) if title is not None else decks[deck_id][0]
    return text, path


def _build_now(ws):
    from recall.build import build as run

    return run(ws, _now())


def _cards_at(ws, file: str, line: int) -> list[str]:
    from recall.db.database import Database

    with Database(ws.db_path) as db:
        return [row[0] for row in db.con.execute(
            "SELECT id FROM cards WHERE file = ? AND line = ? AND source = 'authored' AND status = 'active'",
            (file, line))]


@main.command()
@click.option("--lesson", "-l", metavar="ID", help="Only this lesson.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@pass_ctx
def stats(ctx: Context, lesson: str | None, as_json: bool) -> None:
    """Your progress: reviews per day, the coming due dates, retention, mastery, streak, leeches."""
    from recall.db.database import Database
    from recall.stats import collect

    ws = ctx.workspace
    settings = _settings(ws)

    def run():
        with Database(ws.db_path) as db:
            return collect(db.con, _now(), _local_tz(), settings.day_starts_at, lesson)

    figures = _db_call(run)
    if as_json:
        from recall.ui.stats import stats_json

        click.echo(stats_json(figures))
        return
    from rich.console import Console

    from recall.ui.stats import render

    render(figures, Console(highlight=False, width=min(100, shutil.get_terminal_size().columns)))


@main.command()
@pass_ctx
def optimize(ctx: Context) -> None:
    """Fit FSRS to your own review history (fsrs-rs), and use the fitted parameters from now on.

    Needs a few hundred reviews. Reports how well the default and the fitted parameters
    predict your held-out answers (log loss and RMSE; lower is better).
    """
    from recall.db.database import Database
    from recall.optimizing import MIN_REVIEWS, fit, write_parameters
    from recall.settings import SettingsError, load

    ws = ctx.workspace
    settings = _settings(ws)

    def run():
        with Database(ws.db_path) as db:
            return fit(db.con, settings.day_starts_at)

    click.echo("Fitting FSRS to your review history…", err=True)
    result = _db_call(run)
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
    write_parameters(ws.settings_path, result.parameters)
    try:
        from recall.scheduling import scheduler

        scheduler(load(ws.settings_path))
    except (SettingsError, ValueError) as exc:
        raise click.ClickException(f"the fitted parameters were not accepted: {exc}") from None
    click.echo(f"Saved to {ws.settings_path}; reviews are scheduled with them from now on.")


@main.command()
@click.argument("card_id")
@pass_ctx
def unsuspend(ctx: Context, card_id: str) -> None:
    """Bring a suspended card back into reviews (CARD_ID or a unique start of it)."""
    from recall.db.database import Database
    from recall.db.suspend import CardError, set_suspended

    ws = ctx.workspace

    def run():
        with Database(ws.db_path) as db:
            try:
                return set_suspended(db, card_id, False)
            except CardError as exc:
                raise click.ClickException(str(exc)) from None

    click.echo(f"Card {_db_call(run)} is back in your reviews.")


@main.group()
def export() -> None:
    """Export cards to other tools."""


@export.command("anki")
@click.option("--output", "-o", "output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The .apkg file to write.")
@click.option("--lesson", "-l", "lessons", multiple=True, metavar="ID", help="Only these lessons (repeatable).")
@click.option("--with-scheduling", is_flag=True,
              help="Carry your progress (due dates, intervals, FSRS memory, reps, lapses) into the package.")
@pass_ctx
def export_anki(ctx: Context, output: Path, lessons: tuple[str, ...], with_scheduling: bool) -> None:
    """Write an Anki package: a deck per lesson under "recall".

    Import it in Anki with File > Import. Exporting again after lessons change and
    importing into the same collection updates the changed notes in place.
    """
    from recall.export.run import export_anki as run

    ws = ctx.workspace
    settings = _settings(ws)
    _db_call(_refresh, ws)
    if output.suffix != ".apkg":
        output = output.with_name(output.name + ".apkg")
    report = _db_call(run, ws, output, lessons, with_scheduling, settings, _now())
    extra = f", {report.with_scheduling} with your progress" if with_scheduling else ""
    click.echo(f"Wrote {report.path}: {report.notes} notes in {report.decks} "
               f"deck{'s' if report.decks != 1 else ''}{extra}.")


def _db_call(fn, *args, **kwargs):
    """Run ``fn``, turning database trouble into a clear message instead of a traceback."""
    import sqlite3

    from recall.db.database import DatabaseError

    try:
        return fn(*args, **kwargs)
    except DatabaseError as exc:
        raise click.ClickException(str(exc)) from None
    except sqlite3.Error as exc:
        raise click.ClickException(f"database error: {exc}") from None
    except Exception as exc:  # SQLAlchemy wraps the driver's errors; say what the driver said
        if isinstance(getattr(exc, "orig", None), sqlite3.Error):
            raise click.ClickException(f"database error: {exc.orig}") from None
        raise
