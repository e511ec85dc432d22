"""Exports to other tools: `recall export anki`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from recall.cli import Context, db_call, main, now, pass_ctx, refresh, settings_of


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
    from recall.export.collect import ExportError, export_anki
    from recall.store.database import Database

    ws = ctx.workspace
    settings = settings_of(ws)
    db_call(refresh, ws)
    if output.suffix != ".apkg":
        output = output.with_name(output.name + ".apkg")

    def run():
        with Database(ws) as db:
            try:
                if not sys.stderr.isatty():
                    return export_anki(db, output, lessons, with_scheduling, settings.desired_retention, now())
                from rich.progress import Progress

                with Progress(transient=True) as bar:
                    task = bar.add_task("Exporting", total=None)
                    return export_anki(db, output, lessons, with_scheduling, settings.desired_retention, now(),
                                       progress=lambda n: bar.advance(task, n),
                                       on_total=lambda total: bar.update(task, total=total))
            except ExportError as exc:
                raise click.ClickException(str(exc)) from None

    report = db_call(run)
    extra = f", {report.with_scheduling} with your progress" if with_scheduling else ""
    click.echo(f"Wrote {report.path}: {report.notes} notes in {report.decks} "
               f"deck{'s' if report.decks != 1 else ''}{extra}.")
