"""Lesson text on its way to the terminal: control characters made visible.

Lesson files are untrusted. An escape sequence in a lesson body, a section title, a
documented output or a hand-written card would otherwise be obeyed by the terminal:
OSC 52 writes the clipboard, OSC 0 the window title, CSI 2J clears the screen. Every
string drawn from a lesson passes through ``visible`` before anything prints it.
"""

from __future__ import annotations

import dataclasses

from recall.model import CardView


def _table() -> dict[int, str]:
    table = {code: chr(0x2400 + code) for code in range(0x20) if chr(code) not in "\n\t"}  # ␛ ␇ ␍ …
    table[0x7F] = "\u2421"  # ␡
    # C1 controls (a lone 0x9b is CSI to some terminals) and the marks that reorder text on screen
    invisible = [*range(0x80, 0xA0), 0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A),
                 0x2028, 0x2029]
    table.update({code: f"<U+{code:04X}>" for code in invisible})
    return table


_PICTURES = _table()


def visible(text: str) -> str:
    """``text`` with every control character shown as a visible symbol; newlines and tabs stay."""
    if text.isprintable():  # the common case: nothing to replace
        return text
    return text.replace("\r\n", "\n").translate(_PICTURES)


def visible_view(view: CardView) -> CardView:
    """The card with each of its texts passed through ``visible``."""
    return dataclasses.replace(
        view, lesson_title=visible(view.lesson_title), section=visible(view.section), prompt=visible(view.prompt),
        answer=visible(view.answer), choices=tuple(visible(c) for c in view.choices),
        explanation=visible(view.explanation), code=visible(view.code))
