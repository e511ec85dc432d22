"""Command-line entry points: thin glue. The clock is read here and nowhere else."""

from __future__ import annotations

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
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Worker processes for parsing (default: all cores).")
@pass_ctx
def build(ctx: Context, jobs: int | None) -> None:
    """Turn every lesson under decks/ into cards and sync them into data/recall.sqlite3."""
    from recall.build import build as run
    from recall.ui.report import build_lines

    report = _db_call(run, ctx.workspace, _now(), jobs=jobs)
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
@click.option("--json", "as_json", is_flag=True, help="Print one JSON array, one object per card.")
@pass_ctx
def cards(ctx: Context, lesson: str | None, source: str | None, status: str, as_json: bool) -> None:
    """List cards (run `recall build` first to pick up lesson changes)."""
    from recall.db.database import Database
    from recall.db.queries import lesson_ids, list_cards
    from recall.ui.report import cards_json, cards_lines

    def run():
        with Database(ctx.workspace.db_path) as db:
            if lesson is not None and lesson not in lesson_ids(db.con):
                raise click.ClickException(f"no lesson '{lesson}' in this workspace (run `recall build`?)")
            return list_cards(db.con, lesson=lesson, source=source, status=None if status == "all" else status)

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
    except sqlite3.OperationalError as exc:
        raise click.ClickException(f"database error: {exc}") from None
