"""questionary prompts that leave the same way: Ctrl-C, Ctrl-D and a closed terminal stop the session.

questionary's select ignores Ctrl-D and its press-any-key prompt takes both for "any key";
a key binding added to each prompt's application makes them stop instead. Every prompt
runs on one event loop (prompt_toolkit's ``run`` makes and closes a new one each time).
Only public API of questionary and prompt_toolkit is used.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import lru_cache

from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

from recall.ui.stop import Stop


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
        fired: list[bool] = []

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
    except Exception:
        pass


@lru_cache(maxsize=1)
def _event_loop() -> asyncio.AbstractEventLoop:
    """One event loop for every prompt of the process: each new loop costs a prompt ~1-2 ms."""
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    return loop
