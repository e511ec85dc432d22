"""What decides a card: when any of it changes, every lesson is read again.

The sources of the code that turns text into cards (and checks it against real
runs), and the versions of Python and of the libraries that parse lessons. A
change to any of them re-reads every file, so one database never mixes two readings.
"""

from __future__ import annotations

import hashlib
import sys
from functools import lru_cache
from importlib import metadata
from pathlib import Path

_ROOT = Path(__file__).resolve().parents[1]
#: our modules and packages whose code decides what cards a lesson makes
DERIVING = ("model.py", "grading.py", "lessons", "derive", "codecheck")
#: the libraries that read lesson text
LIBRARIES = ("markdown-it-py", "python-frontmatter", "PyYAML")


def sources() -> list[Path]:
    out = []
    for name in DERIVING:
        path = _ROOT / name
        out.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
    return out


def versions() -> list[str]:
    found = [f"python {sys.version}"]
    for name in LIBRARIES:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name} missing")
    return found


@lru_cache(maxsize=1)
def fingerprint() -> bytes:
    h = hashlib.blake2b(digest_size=16)
    for source in sources():
        h.update(source.read_bytes())
    h.update("\n".join(versions()).encode())
    return h.digest()


def digest(data: bytes, runs: str = "") -> str:
    """What decides whether a file is read again: its bytes, the deriving code, and what runs its code
    (``runs``: empty when code is not run, else the identity of the interpreter, libraries and sandbox)."""
    return hashlib.blake2b(fingerprint() + runs.encode() + b"\0" + data, digest_size=16).hexdigest()
