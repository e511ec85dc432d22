"""`recall add`: cards of the learner's own."""

from __future__ import annotations

import sys

import click

from recall.cli import Context, build_workspace, db_call, main, pass_ctx


@main.command()
@click.option("--deck", "-d", metavar="ID", help="The deck (lesson or cards file) to add to.")
@click.option("--front", "-f", metavar="TEXT", help="The question (flip, choice and predict-the-output cards).")
@click.option("--back", "-b", metavar="TEXT", help="The answer of a flip card.")
@click.option("--cloze", metavar="TEXT", help='A cloze, hidden parts in double braces: "Use {{threading}} for I/O".')
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
    from recall.lessons.adding import AddError, append, check_card, deck_files

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
    report = build_workspace(ws)
    added = [c for c in db_call(_cards_at, ws, ws.relative(path), line)]
    click.echo(f"Added to {ws.relative(path)}:{line}: " + ", ".join(added) if added else
               f"Added to {ws.relative(path)}:{line}.")
    if not report.ok:
        sys.exit(1)


def _card_from_flags(front, back, cloze, choices, correct, code, output, explain):
    from recall.lessons.adding import AddError
    from recall.lessons.authored import Authored

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

    from recall.lessons.adding import check_card, new_deck
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


def _cards_at(ws, file: str, line: int) -> list[str]:
    from recall.store.cards import authored_at
    from recall.store.database import Database

    with Database(ws) as db:
        return authored_at(db, file, line)
