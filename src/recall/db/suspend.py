"""Suspending and unsuspending cards (leeches, mostly)."""

from __future__ import annotations

from sqlalchemy import update

from recall.db.database import Database
from recall.db.models import CardStateRow

state_t = CardStateRow.__table__


class CardError(Exception):
    """A card id that does not name one card, or a card that cannot be (un)suspended."""


def resolve(db: Database, prefix: str) -> str:
    """The one card id starting with ``prefix``, or a clear error."""
    rows = [r[0] for r in db.con.execute("SELECT id FROM cards WHERE id LIKE ? || '%' LIMIT 2", (prefix,))]
    if not rows:
        raise CardError(f"no card '{prefix}' (see `recall cards`)")
    if len(rows) > 1:
        raise CardError(f"'{prefix}' starts more than one card id; give more of it")
    return rows[0]


def set_suspended(db: Database, prefix: str, suspended: bool) -> str:
    card_id = resolve(db, prefix)
    with db.write() as conn:
        done = conn.execute(update(state_t).where(state_t.c.card_id == card_id).values(suspended=suspended))
    if not done.rowcount:
        raise CardError(f"card {card_id} has never been studied, so it is not suspended")
    return card_id
