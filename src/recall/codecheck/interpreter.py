"""The Python that runs lesson code: where it lives, what version it is, which libraries it has.

``lesson_python`` in recall.toml picks it (default: the interpreter recall runs on). It is
asked once per command, with a fixed script that runs no lesson code; what it says names
the folders the sandbox must show it, and goes into the key runs are cached under, so
installing or upgrading a library makes the code run again.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from functools import lru_cache

# the libraries are named by their installed metadata folders (name-version.dist-info): a listing, not
# importlib.metadata's reading of every one, so asking costs a few milliseconds
_PROBE = r"""
import json, os, sys
libraries = []
for folder in sys.path:
    try:
        names = os.listdir(folder or ".")
    except OSError:
        continue
    libraries.extend(n for n in names if n.endswith((".dist-info", ".egg-info", ".egg-link", ".pth")))
libraries.sort()
print(json.dumps({"version": sys.version, "executable": sys.executable,
                  "prefixes": sorted({sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}),
                  "path": [p for p in sys.path if p], "libraries": libraries}))
"""

_FIND = r"""
import importlib.util, json, sys
missing = []
for name in sys.argv[1:]:
    try:
        found = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        found = None
    if found is None:
        missing.append(name)
print(json.dumps(missing))
"""


class InterpreterError(Exception):
    pass


@dataclass(frozen=True)
class Interpreter:
    path: str  # as given (the path lesson code is started with)
    executable: str  # its real file
    version: str
    prefixes: tuple[str, ...]
    path_entries: tuple[str, ...]
    libraries: tuple[str, ...]

    @property
    def identity(self) -> str:
        """What a cached run depends on: the interpreter and every library it can import."""
        text = "\n".join((self.executable, self.version, *self.path_entries, *self.libraries))
        return hashlib.sha256(text.encode()).hexdigest()

    @property
    def short_version(self) -> str:
        return self.version.split()[0]

    def folders(self) -> list[str]:
        """The folders the interpreter reads (prefixes and import path), outermost first, without repeats."""
        found = sorted({os.path.realpath(p) for p in (*self.prefixes, *self.path_entries)} |
                       {os.path.dirname(self.executable), *self.prefixes, *self.path_entries})
        out: list[str] = []
        for folder in found:
            if not os.path.isdir(folder) or any(folder == kept or folder.startswith(kept + os.sep) for kept in out):
                continue
            out.append(folder)
        return out


def default_path() -> str:
    return sys.executable


@lru_cache(maxsize=8)
def probe(path: str) -> Interpreter:
    """Ask the interpreter at ``path`` about itself (a fixed script, no lesson code)."""
    try:
        done = subprocess.run([path, "-I", "-c", _PROBE], capture_output=True, text=True, timeout=30,
                              stdin=subprocess.DEVNULL, env=_ENV)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise InterpreterError(f"lesson_python {path} cannot be started ({exc})") from None
    try:
        data = json.loads(done.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        raise InterpreterError(f"lesson_python {path} is not a Python 3 interpreter recall can use "
                               f"({(done.stderr.strip().splitlines() or ['it printed nothing'])[-1]})") from None
    return Interpreter(path, os.path.realpath(data["executable"] or path), data["version"], tuple(data["prefixes"]),
                       tuple(data["path"]), tuple(data["libraries"]))


def missing_modules(interpreter: Interpreter, names: list[str]) -> set[str]:
    """Which of these top-level modules the interpreter cannot import (found without importing them)."""
    if not names:
        return set()
    try:
        done = subprocess.run([interpreter.path, "-I", "-c", _FIND, *names], capture_output=True, text=True,
                              timeout=30, stdin=subprocess.DEVNULL, env=_ENV)
        return set(json.loads(done.stdout))
    except (OSError, subprocess.TimeoutExpired, ValueError):
        return set()


_ENV = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8"}
