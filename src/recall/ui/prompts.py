"""questionary prompts, made quick to build and consistent to leave.

- prompt_toolkit builds its full default key bindings (emacs, vi, mouse) for every
  prompt, about 10 ms each time; they depend on nothing of the prompt, so one set is
  built and shared by every prompt of the session.
- Ctrl-C and Ctrl-D stop the session from any prompt (questionary's select ignores
  Ctrl-D and its press-any-key prompt takes both for "any key").
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import prompt_toolkit.application.application as _application
from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings
from prompt_toolkit.key_binding.defaults import load_key_bindings

from recall.ui.stop import Stop

_application.load_key_bindings = lru_cache(maxsize=1)(load_key_bindings)


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


def ask(question, after_render: Callable[[], None] | None = None):
    """Ask a questionary question; ``after_render`` runs once the prompt is on screen."""
    app = question.application
    app.key_bindings = merge_key_bindings([app.key_bindings, _stop_keys()])
    if after_render is not None:
        fired = []

        def once(_app) -> None:
            if not fired:
                fired.append(True)
                after_render()

        app.after_render += once
    try:
        answer = question.unsafe_ask()
    except (KeyboardInterrupt, EOFError, OSError):
        raise Stop from None
    if answer is None:
        raise Stop
    return answer
