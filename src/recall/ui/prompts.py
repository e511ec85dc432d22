"""questionary prompts, made quick to build and consistent to leave.

- prompt_toolkit builds its full default key bindings (emacs, vi, mouse) for every
  prompt, about 10 ms each time; they depend on nothing of the prompt, so one set is
  built and shared by every prompt of the session.
- Each prompt's application merges prompt_toolkit's default styles with questionary's
  into a new Style, parsing every rule again, and its renderer resolves each style
  string against all of them (~5 ms a prompt). The merged style is the same every
  time, so it is built once and remembers what each style string resolved to.
- Every prompt runs on one event loop (prompt_toolkit's ``run`` makes and closes a
  new one each time).
- Ctrl-C and Ctrl-D stop the session from any prompt (questionary's select ignores
  Ctrl-D and its press-any-key prompt takes both for "any key").
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import lru_cache

import prompt_toolkit.application.application as _application
from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings
from prompt_toolkit.key_binding.defaults import load_key_bindings
from prompt_toolkit.styles import DEFAULT_ATTRS, Attrs, Style
from prompt_toolkit.styles.style import _MergedStyle

from recall.ui.stop import Stop

_application.load_key_bindings = lru_cache(maxsize=1)(load_key_bindings)


class _RememberingStyle(Style):
    """A Style that resolves each style string once."""

    def __init__(self, style_rules: list[tuple[str, str]]) -> None:
        super().__init__(style_rules)
        self._resolved: dict[tuple[str, Attrs], Attrs] = {}

    def get_attrs_for_style_str(self, style_str: str, default: Attrs = DEFAULT_ATTRS) -> Attrs:
        key = (style_str, default)
        try:
            return self._resolved[key]
        except KeyError:
            attrs = self._resolved[key] = super().get_attrs_for_style_str(style_str, default)
            return attrs


#: merged styles by the identity of their parts (kept alive with them, so ids stay theirs)
_MERGED: dict[object, tuple[list, _RememberingStyle]] = {}


def _merged_style(self: _MergedStyle) -> Style:
    key = self.invalidation_hash()
    found = _MERGED.get(key)
    if found is None:
        if len(_MERGED) >= 32:
            _MERGED.clear()
        found = _MERGED[key] = (list(self.styles), _RememberingStyle(self.style_rules))
    return found[1]


_MergedStyle._merged_style = property(_merged_style)


@lru_cache(maxsize=1)
def _stop_keys() -> KeyBindings:
    keys = KeyBindings()

    @keys.add("c-d", eager=True)
    def _(event):
        event.app.exit(exception=EOFError())

    @keys.add("c-c", eager=True)
    @keys.add("<sigint>", eager=True)  # a SIGINT while the prompt runs arrives as this key
    def _(event):
        event.app.exit(exception=KeyboardInterrupt())

    return keys


def ask(question, after_render: Callable[[], None] | None = None, idle: Callable[[], None] | None = None):
    """Ask a questionary question.

    ``after_render`` runs once the prompt is on screen; ``idle`` runs just after that,
    while the learner reads (work done there is off the path from a keypress to a screen;
    if it fails, nothing is lost but the head start).
    """
    app = question.application
    app.key_bindings = merge_key_bindings([app.key_bindings, _stop_keys()])
    if after_render is not None or idle is not None:
        fired = []

        def once(_app) -> None:
            if not fired:
                fired.append(True)
                if after_render is not None:
                    after_render()
                if idle is not None:
                    _app.loop.call_soon(_quietly, idle)

        app.after_render += once
    try:
        answer = _event_loop().run_until_complete(question.unsafe_ask_async())
    except (KeyboardInterrupt, EOFError, OSError):
        raise Stop from None
    if answer is None:
        raise Stop
    return answer


def _quietly(work: Callable[[], None]) -> None:
    """Work done ahead is only a head start: if it fails, the prompt goes on as if it had not run."""
    try:
        work()
    except Exception:  # noqa: BLE001 — what it would have made is made again when needed
        pass


@lru_cache(maxsize=1)
def _event_loop() -> asyncio.AbstractEventLoop:
    """One event loop for every prompt of the process: each new loop costs a prompt ~1-2 ms."""
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    return loop
