"""The review's prompts: one prompt_toolkit Application for the session, run once per question.

Three kinds of prompt, and what each key does in them:

- ``reveal``: any key shows the answer, except the keys that quit and the prompt's own
  keys (``u``, to take back the previous answer);
- ``choose``: a menu; an option's key (``1``, ``u``) or one of the prompt's own keys picks it at once, ↑/↓ move the
  highlight, Enter or Space takes the highlighted option (none, until an arrow is pressed,
  when there is no default), every other key does nothing and says so;
- ``type_answer``: a text box; Enter hands the text in, Alt-Enter or Ctrl-J starts a new
  line, a paste keeps its lines.

Esc, Ctrl-C and Ctrl-D (and ``q`` outside the text box) raise ``Stop`` in all of them.
The terminal stays in raw mode for the whole session, so keys pressed while the next
card is drawn are neither echoed nor lost: the next prompt reads them. In the menus the
cursor stays on the prompt's first row, and the prompts' lines are short: a terminal that
rewraps lines on a resize (tmux, most modern ones) moves that row, not the cursor off it,
so prompt_toolkit's redraw erases the whole prompt and leaves no copy behind. Only public
prompt_toolkit API is used.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from prompt_toolkit.application import Application
from prompt_toolkit.buffer import Buffer
from prompt_toolkit.filters import Condition
from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.input import Input, create_input
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.keys import Keys
from prompt_toolkit.layout import ConditionalContainer, HSplit, Layout, Window
from prompt_toolkit.layout.controls import BufferControl, FormattedTextControl
from prompt_toolkit.output import Output
from prompt_toolkit.styles import Style

from recall.ui.stop import Stop

STYLE = Style.from_dict({"title": "bold", "pointer": "bold reverse", "key": "bold", "hint": "italic",
                         "note": "ansiyellow", "rule": ""})


@dataclass(frozen=True)
class Option:
    """One entry of a menu: what it says, what choosing it returns, the key that picks it at once."""

    label: str
    value: object
    key: str | None = None


#: seconds: how long the terminal may take to send the rest of a key's escape sequence, and how long
#: Esc waits for an Enter that makes it Alt-Enter (prompt_toolkit's defaults, 0.5 and 1, make Esc sluggish)
ESC_WAIT = (0.1, 0.25)

#: a blank line between groups of options
SEPARATOR = Option("", None)


class Prompter:
    """Asks the questions of one session in one prompt_toolkit Application."""

    def __init__(self, input: Input | None = None, output: Output | None = None):
        self._mode = ""  # "reveal" | "menu" | "text"
        self._title = ""
        self._hint = ""
        self._note = ""  # what the last key that did nothing would have needed
        self._options: list[Option] = []
        self._own_keys: dict[str, object] = {}  # keys of this prompt that are no option shown
        self._pointer: int | None = None
        self._after_render: list[Callable[[], None]] = []
        self.buffer = Buffer(multiline=True)
        text_mode = Condition(lambda: self._mode == "text")
        self._box = Window(BufferControl(self.buffer), wrap_lines=True, dont_extend_height=True,
                           get_line_prefix=lambda line, wrap: [("class:key", "> " if line == 0 and not wrap
                                                                else "  ")])
        self._menu = Window(FormattedTextControl(self._menu_text, focusable=True, show_cursor=False),
                            wrap_lines=True, dont_extend_height=True)
        footer = Window(FormattedTextControl(self._footer_text, show_cursor=False), wrap_lines=True,
                        dont_extend_height=True)
        self.app: Application = Application(
            layout=Layout(HSplit([self._menu, ConditionalContainer(self._box, text_mode), footer])),
            key_bindings=self._keys(text_mode), style=STYLE, full_screen=False, erase_when_done=True,
            input=input or create_input(), output=output)
        self.app.after_render += self._rendered
        # a lone Esc is told from the start of an escape sequence (or of Alt-Enter) after this long
        self.app.ttimeoutlen, self.app.timeoutlen = ESC_WAIT
        self._raw = self.app.input.raw_mode()
        self._raw.__enter__()

    def close(self) -> None:
        """Give the terminal back as it was."""
        self._raw.__exit__(None, None, None)

    # the three prompts

    def reveal(self, title: str, hint: str = "", idle: Callable[[], None] | None = None,
               keys: Mapping[str, object] | None = None):
        """Wait for any key: None, or the value of one of ``keys``; the quit keys raise Stop. ``idle`` runs once
        the prompt is drawn (all three)."""
        self._own_keys = dict(keys or {})
        self._show("reveal", title, hint)
        return self._run(idle)

    def choose(self, title: str, options: Sequence[Option], *, default: int | None = None, hint: str = "",
               idle: Callable[[], None] | None = None, keys: Mapping[str, object] | None = None):
        """The value of the option picked (or of one of ``keys``). ``default`` is the index highlighted at first."""
        self._options, self._pointer, self._own_keys = list(options), default, dict(keys or {})
        self._show("menu", title, hint)
        return self._run(idle)

    def type_answer(self, title: str, hint: str = "", idle: Callable[[], None] | None = None) -> str:
        self.buffer.reset()
        self._show("text", title, hint)
        self.app.layout.focus(self._box)
        return self._run(idle)

    def _show(self, mode: str, title: str, hint: str) -> None:
        self._mode, self._title, self._hint, self._note = mode, title, hint, ""
        if mode != "text":
            self.app.layout.focus(self._menu)

    def _run(self, idle: Callable[[], None] | None = None):
        if idle is not None:
            self._after_render.append(idle)
        try:
            return event_loop().run_until_complete(self.app.run_async())
        except (KeyboardInterrupt, EOFError, OSError):  # a closed terminal, a signal outside the prompt
            raise Stop from None
        finally:
            self._after_render.clear()

    def _rendered(self, app: Application) -> None:
        """Work to do once the prompt is on screen, while the learner reads (a head start only)."""
        while self._after_render and app.loop is not None:
            app.loop.call_soon(_quietly, self._after_render.pop(0))

    # drawing

    def _menu_text(self) -> StyleAndTextTuples:
        out: StyleAndTextTuples = [("class:title", self._title)]
        if self._mode != "menu":
            return out
        for n, option in enumerate(self._options):
            out.append(("", "\n"))
            if option is SEPARATOR:
                continue
            here = n == self._pointer
            out.append(("class:pointer" if here else "", f"{'»' if here else ' '} "))
            if option.key:
                out.append(("class:key", f"{option.key}) "))
            out.append(("class:pointer" if here else "", option.label))
        return out

    def _footer_text(self) -> StyleAndTextTuples:
        out: StyleAndTextTuples = [("class:hint", self._hint)] if self._hint else []
        if self._note:
            out += [("", "\n" if out else ""), ("class:note", self._note)]
        return out

    # keys

    def _keys(self, text_mode: Condition) -> KeyBindings:
        keys = KeyBindings()
        menu = Condition(lambda: self._mode == "menu")
        reveal = Condition(lambda: self._mode == "reveal")

        def stop(event: KeyPressEvent) -> None:
            event.app.exit(exception=Stop())

        for key in ("c-c", "c-d", "<sigint>"):
            keys.add(key, eager=True)(stop)
        keys.add("escape", eager=True, filter=~text_mode)(stop)
        keys.add("q", filter=~text_mode)(stop)
        keys.add("escape", filter=text_mode)(stop)  # not eager: Esc then Enter is Alt-Enter

        @keys.add(Keys.Any, filter=reveal)
        def _(event: KeyPressEvent) -> None:
            event.app.exit(result=self._own_keys.get(event.key_sequence[0].key))

        @keys.add("enter", filter=text_mode)
        def _(event: KeyPressEvent) -> None:
            event.app.exit(result=event.current_buffer.text)

        @keys.add("escape", "enter", filter=text_mode)
        @keys.add("c-j", filter=text_mode)
        def _(event: KeyPressEvent) -> None:
            event.current_buffer.insert_text("\n")

        @keys.add("down", filter=menu)
        @keys.add("c-n", filter=menu)
        @keys.add("tab", filter=menu)
        def _(event: KeyPressEvent) -> None:
            self._move(1)

        @keys.add("up", filter=menu)
        @keys.add("c-p", filter=menu)
        @keys.add("s-tab", filter=menu)
        def _(event: KeyPressEvent) -> None:
            self._move(-1)

        @keys.add("enter", filter=menu)
        @keys.add("space", filter=menu)
        def _(event: KeyPressEvent) -> None:
            if self._pointer is None:
                self._note = "Nothing is highlighted yet: ↓ or a key."
            else:
                event.app.exit(result=self._options[self._pointer].value)

        @keys.add(Keys.Any, filter=menu)
        def _(event: KeyPressEvent) -> None:
            pressed = event.key_sequence[0].key
            for option in self._options:
                if option.key is not None and option.key == pressed:
                    event.app.exit(result=option.value)
                    return
            if isinstance(pressed, str) and pressed in self._own_keys:
                event.app.exit(result=self._own_keys[pressed])
                return
            self._note = "That key does nothing here."

        return keys

    def _move(self, step: int) -> None:
        chosen = [n for n, o in enumerate(self._options) if o is not SEPARATOR]
        if self._pointer is None:
            self._pointer = chosen[0] if step > 0 else chosen[-1]
        else:
            at = chosen.index(self._pointer)
            self._pointer = chosen[(at + step) % len(chosen)]
        self._note = ""


def _quietly(work: Callable[[], None]) -> None:
    """Work done ahead is only a head start: if it fails, the prompt goes on as if it had not run."""
    try:
        work()
    except Exception:
        pass


@lru_cache(maxsize=1)
def event_loop() -> asyncio.AbstractEventLoop:
    """One event loop for every prompt of the process: each new loop costs a prompt ~1-2 ms."""
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    return loop
