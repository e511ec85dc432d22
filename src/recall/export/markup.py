"""Lesson text as Anki field HTML that shows exactly that text and nothing else.

Anki reads more than HTML in a field: ``{{c2::…}}`` makes another cloze card, ``::``
inside a cloze starts its hint, ``[sound:…]`` plays a file, ``[anki:…]`` is a directive,
``[latex]`` and ``[$]`` become images, ``\\(`` and ``\\[`` start MathJax, and ``\\x1f``
separates one field from the next in the collection. Each character that can start such
markup is written as a numeric character reference: Anki's parsers do not read it,
the browser shows it as the character.

The escaping goes character by character, so pieces escaped one by one are as safe
joined together as the whole text escaped at once (``highlight`` relies on this).
"""

from __future__ import annotations

import re

#: control characters other than tab and newline (``\x1f`` is Anki's field separator)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def text(value: str) -> str:
    """``value`` as field HTML that shows it literally: HTML and Anki's markup neutralised.

    Every piece of lesson text recall writes into a field passes through here (newlines
    are left as they are; ``lines`` turns them into ``<br>``). It is ``anki(html(value))``.
    """
    return anki(html(value))


def lines(value: str) -> str:
    """``text`` with each newline shown as a line break."""
    value = anki(html(value))
    return value.replace("\n", "<br>") if "\n" in value else value


def html(value: str) -> str:
    """The HTML half of ``text``: ``&``, ``<`` and ``>`` as entities (lesson text never goes into attributes)."""
    if "&" in value:
        value = value.replace("&", "&amp;")
    if "<" in value:
        value = value.replace("<", "&lt;")
    if ">" in value:
        value = value.replace(">", "&gt;")
    return value


def anki(fragment: str) -> str:
    """The Anki half of ``text``: braces, ``[``, ``:``, backslashes and control characters as references.

    Also right for HTML recall builds around escaped text (``<span class="k">``, ``<br>``):
    its own tags hold none of these characters.
    """
    if "{" in fragment:
        fragment = fragment.replace("{", "&#123;")
    if "}" in fragment:
        fragment = fragment.replace("}", "&#125;")
    if "[" in fragment:
        fragment = fragment.replace("[", "&#91;")
    if ":" in fragment:
        fragment = fragment.replace(":", "&#58;")
    if "\\" in fragment:
        fragment = fragment.replace("\\", "&#92;")
    if not fragment.isprintable() and _CONTROL.search(fragment):
        fragment = _CONTROL.sub(lambda match: f"&#{ord(match.group())};", fragment)
    return fragment
