"""Card identity from origin, so cosmetic edits keep a card's review history.

A card's id is a hash of where it came from (lesson id, source kind and an anchor
such as a concept slug, a table row key or a takeaway's normalised text), never of
its whole text. The same id is the Anki note GUID.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import replace
from functools import lru_cache

from recall.model import CardSpec

_MARKUP = re.compile(r"[*_`~]")
_NON_WORD = re.compile(r"[^\w]+")


@lru_cache(maxsize=1 << 14)
def normalise(text: str) -> str:
    """Fold case, markup, punctuation and spacing: what a cosmetic edit changes."""
    text = unicodedata.normalize("NFKC", text).casefold()
    words = " ".join(_NON_WORD.sub(" ", _MARKUP.sub("", text)).split())
    # text of symbols alone (an operator such as "<" or "**") is its own identity
    return words or " ".join(text.split())


def card_id(lesson: str, source: str, *anchor: str) -> str:
    """A stable 16-hex-digit id for the card with this origin."""
    key = "\x1f".join((lesson, source, *anchor))
    return hashlib.blake2b(key.encode("utf-8"), digest_size=8).hexdigest()


def unique(cards: list[CardSpec]) -> list[CardSpec]:
    """The cards with distinct ids: two of one origin (a takeaway written twice, ``print(next(it))`` on two
    lines of one block) are told apart by their order, the first keeping the plain id."""
    seen: dict[str, int] = {}
    out = []
    for card in cards:
        n = seen.get(card.id, 0)
        seen[card.id] = n + 1
        out.append(card if n == 0 else replace(card, id=card_id(card.id, "again", str(n))))
    return out
