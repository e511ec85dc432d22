"""Card identity from origin, so cosmetic edits keep a card's review history.

A card's id is a hash of where it came from (lesson id, source kind and an anchor
such as a concept slug, a table row key or a takeaway's normalised text), never of
its whole text. The same id is the Anki note GUID.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

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
