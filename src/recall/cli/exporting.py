"""Exports to other tools: `recall export anki`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from recall.cli import Commands, Context, db_call, main, now, pass_ctx, refresh, settings_of

ONE_WAY = ("Anki takes progress only for cards it does not have yet: cards already in the collection keep "
           "their Anki scheduling and history. Import into a collection without these cards to move your progress.")


@main.group(cls=Commands)
def export() -> None:
    """Export cards to other tools."""


def _output(ctx: click.Context, param: click.Parameter, value: str) -> Path:
    if not value.strip():
        raise click.ClickException("the output file name is empty; give one ending in .apkg, say -o recall.apkg")
    return Path(value)


@export.command("anki")
@click.option("--output", "-o", "output", required=True, metavar="FILE.apkg", callback=_output,
              help="The .apkg file to write (its folder must exist).")
@click.option("--lesson", "-l", "lessons", multiple=True, metavar="ID", help="Only these lessons (repeatable).")
@click.option("--with-scheduling", is_flag=True,
              help="Carry your progress (due dates, intervals, FSRS memory, suspension, leech tags and every "
                   "review) into the package. Anki takes it only for cards it does not have yet.")
@pass_ctx
def export_anki(ctx: Context, output: Path, lessons: tuple[str, ...], with_scheduling: bool) -> None:
    """Write an Anki package: a deck per lesson under "recall".

    Import it in Anki with File > Import. Exporting again after lessons change and
    importing into the same collection updates the changed notes in place; the
    scheduling of cards Anki already has is never updated by an import.
    """
    from recall.export.collect import export_anki
    from recall.export.layout import ExportError, check_output
    from recall.store.database import Database
    from recall.study.stats import LEECH_LAPSES

    ws = ctx.workspace
    settings = settings_of(ws)
    try:
        check_output(output)
    except ExportError as exc:
        raise click.ClickException(str(exc)) from None
    db_call(refresh, ws)

    def run():
        with Database(ws) as db:
            try:
                if not sys.stderr.isatty():
                    return export_anki(db, output, lessons, with_scheduling, settings.desired_retention, now(),
                                       leech_lapses=LEECH_LAPSES)
                from rich.progress import Progress

                # redrawn as the export goes, not by a thread of its own: a large export forks
                # the processes that work out its parts, and a fork should find no other thread
                with Progress(transient=True, auto_refresh=False) as bar:
                    task = bar.add_task("Exporting", total=None)

                    def advance(n: int) -> None:
                        bar.update(task, advance=n, refresh=True)

                    return export_anki(db, output, lessons, with_scheduling, settings.desired_retention, now(),
                                       leech_lapses=LEECH_LAPSES, progress=advance,
                                       on_total=lambda total: bar.update(task, total=total, refresh=True))
            except ExportError as exc:
                raise click.ClickException(str(exc)) from None

    report = db_call(run)
    extra = (f", {report.with_scheduling} with your progress and {_count(report.reviews, 'review')}"
             if with_scheduling else "")
    click.echo(f"Wrote {report.path}: {_count(report.notes, 'note')} in {_count(report.decks, 'deck')}{extra}.")
    if with_scheduling:
        click.echo(ONE_WAY)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
