"""A program in a pseudo-terminal whose output feeds a terminal emulator (pyte), timed as a person sees it.

The emulator answers cursor-position queries (CSI 6n) as a real terminal does, so
prompt_toolkit runs as it would for a learner. Times are taken when the bytes that
complete a screen arrive, before the emulator draws them.
"""

from __future__ import annotations

import os
import re
import select
import time
from collections.abc import Callable

try:
    import pyte
    from ptyprocess import PtyProcess
except ImportError as exc:  # pragma: no cover - a message, not a traceback
    raise SystemExit(f"the review benchmark needs pyte and ptyprocess ({exc.name} is missing): "
                     "pip install -e '.[test]'") from None

CPR_QUERY = b"\x1b[6n"


class Terminal:
    """One run of ``argv`` in a ``rows`` x ``columns`` terminal."""

    def __init__(self, argv: list[str], env: dict[str, str], cwd: str, rows: int = 50, columns: int = 120):
        self.screen = pyte.Screen(columns, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.started = time.perf_counter()
        self.process = PtyProcess.spawn(argv, env=env, cwd=cwd, dimensions=(rows, columns))
        self.process.delayafterclose = 0.01
        self.last_output = self.started
        self.closed = False

    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.screen.display)

    def _read(self, timeout: float) -> float | None:
        """Feed what arrives within ``timeout`` to the emulator; returns when it arrived (None: nothing)."""
        ready, _, _ = select.select([self.process.fd], [], [], max(0.0, timeout))
        if not ready:
            return None
        arrived = time.perf_counter()
        try:
            data = os.read(self.process.fd, 1 << 16)
        except OSError:  # the program closed the terminal
            data = b""
        if not data:
            self.closed = True
            return None
        self.stream.feed(data)
        if CPR_QUERY in data:
            os.write(self.process.fd, f"\x1b[{self.screen.cursor.y + 1};{self.screen.cursor.x + 1}R".encode())
        self.last_output = arrived
        return arrived

    def wait_for(self, shown: Callable[[str], bool], timeout: float = 120.0) -> float:
        """Read until ``shown(screen text)``; returns the time the completing bytes arrived."""
        deadline = time.perf_counter() + timeout
        while not self.closed:
            arrived = self._read(deadline - time.perf_counter())
            if arrived is None:
                if self.closed:
                    break
                if time.perf_counter() >= deadline:
                    raise TimeoutError(f"the screen never showed what was awaited; it shows:\n{self.text()}")
                continue
            if shown(self.text()):
                return arrived
        raise RuntimeError(f"the program ended; its screen:\n{self.text()}")

    def settle(self, quiet: float = 0.15, timeout: float = 60.0) -> float:
        """Read until nothing arrives for ``quiet`` seconds; returns when the last bytes arrived."""
        deadline = time.perf_counter() + timeout
        while not self.closed and time.perf_counter() < deadline:
            if self._read(quiet) is None and time.perf_counter() - self.last_output >= quiet:
                break
        return self.last_output

    def peak_kib(self) -> int:
        """The program's peak memory so far (VmHWM: its resident high-water mark since it started)."""
        return peak_kib(self.process.pid)

    def cpu_seconds(self) -> float:
        """CPU time the program has used so far (user and system)."""
        return cpu_seconds(self.process.pid)

    def send(self, keys: str) -> float:
        """Type ``keys``; returns the time they were sent."""
        sent = time.perf_counter()
        os.write(self.process.fd, keys.encode())
        return sent

    def finish(self, keys: str = "\x03", timeout: float = 30.0) -> None:
        """Send ``keys`` (Ctrl-C), read to the end, and reap the program."""
        if not self.closed:
            self.send(keys)
        deadline = time.perf_counter() + timeout
        while not self.closed and time.perf_counter() < deadline:
            self._read(deadline - time.perf_counter())
        self.process.close(force=True)


def card_number(text: str) -> int | None:
    """The number in the last "Card N" header on the screen (recall review draws one above each card)."""
    found = re.findall(r"^Card (\d+)\b", text, flags=re.M)
    return int(found[-1]) if found else None


def peak_kib(pid: int | str = "self") -> int:
    """A live process's peak resident memory in KiB, from /proc (0 where there is none).

    Not ``wait4``'s ru_maxrss: that also counts the parent's pages the child held between
    fork and exec, which is the benchmark's own size.
    """
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def cpu_seconds(pid: int) -> float:
    """A live process's CPU time so far, user and system, from /proc (in clock ticks: 10 ms steps)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
