"""Commands on lessons and cards: init, build, check, cards."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from recall.cli import Context, build_workspace, db_call, main, pass_ctx
from recall.model import SOURCES
from recall.workspace import WorkspaceError


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
              help="Code runs at once (default 16).")
@click.option("--run-code/--no-run-code", default=None,
              help="Run the lessons' Python code in the bubblewrap sandbox to check and complete "
                   "predict-the-output cards, or do not. Default: run_code in recall.toml (\"auto\": when the "
                   "sandbox works).")
@click.option("--unconfined", is_flag=True,
              help="Run the lessons' code without a sandbox, with your user's rights (only for lessons you trust).")
@pass_ctx
def build(ctx: Context, jobs: int | None, run_code: bool | None, unconfined: bool) -> None:
    """Turn every lesson under decks/ into cards and sync them into the database (data/recall.sqlite3)."""
    from recall.ui.report import build_lines

    mode: bool | str | None = "unconfined" if unconfined else run_code
    report = build_workspace(ctx.workspace, run_code=mode, jobs=jobs)
    for line in build_lines(report):
        click.echo(line)
    if not report.ok:
        sys.exit(1)


@main.command()
@pass_ctx
def check(ctx: Context) -> None:
    """Lint the lessons without writing anything or running their code; exit 1 when there are errors.

    Unless run_code is false, also names each block that needs a module the lesson
    interpreter lacks (its outputs cannot be checked)."""
    from recall.build import check as run
    from recall.cli import settings_of
    from recall.codecheck.interpreter import InterpreterError, default_path, probe
    from recall.ui.report import check_lines

    settings = settings_of(ctx.workspace)
    interpreter = None
    if settings.run_code is not False:
        try:
            interpreter = probe(settings.lesson_python or default_path())
        except InterpreterError as exc:
            raise click.ClickException(str(exc)) from None
    lines, errors, _ = check_lines(run(ctx.workspace, interpreter))
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
    from recall.store.cards import list_cards, marked
    from recall.store.catalog import lesson_ids
    from recall.store.database import Database
    from recall.study.stats import LEECH_LAPSES
    from recall.ui.report import LISTED, cards_json, cards_lines

    def run():
        with Database(ctx.workspace) as db:
            if lesson is not None and lesson not in lesson_ids(db):
                raise click.ClickException(f"no lesson '{lesson}' in this workspace (run `recall build`?)")
            found = list_cards(db, lesson=lesson, source=source, status=None if status == "all" else status,
                               **({} if as_json else {"fields": LISTED}))
            if suspended or leeches:
                chosen = marked(db, suspended=suspended, leech_lapses=LEECH_LAPSES if leeches else None)
                found = [card for card in found if card["id"] in chosen]
            return found

    found = db_call(run)
    if as_json:
        click.echo(cards_json(found))
    else:
        click.echo("\n".join(cards_lines(found)))
