"""The deck files of a workspace: read, hashed, and stat'ed for the cheap "did anything change?"."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from recall.model import Problem
from recall.workspace import Workspace


@dataclass(frozen=True)
class DeckFile:
    """One file under decks/: its name as messages give it, and its bytes (None if unreadable)."""

    name: str
    data: bytes | None
    problem: Problem | None = None


def _usable(name: str) -> bool:
    """Whether a file name can be shown and stored (a name of bytes that are not UTF-8 cannot)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def shown(name: str) -> str:
    """A file name as messages can print it: undecodable bytes as U+FFFD."""
    return os.fsencode(name).decode("utf-8", "replace")


def read_all(workspace: Workspace) -> list[DeckFile]:
    """Every deck file's bytes; a file that cannot be read is a problem naming it, not a crash."""
    out = []
    for name, entry in workspace.deck_entries():
        path = entry.path
        if not _usable(name):
            out.append(DeckFile(shown(name), None,
                                Problem(shown(name), 1, "the file name is not valid UTF-8 (rename the file)")))
            continue
        try:
            out.append(DeckFile(name, Path(path).read_bytes()))
        except OSError as exc:
            out.append(DeckFile(name, None, Problem(name, 1, f"cannot read the file ({exc.strerror or exc})")))
    return out


def stats(workspace: Workspace) -> dict[str, str]:
    """"mtime_ns:size" of every deck file: what ``stale`` compares (stat only, nothing read)."""
    out = {}
    for name, entry in workspace.deck_entries():
        if not _usable(name):
            continue
        try:
            st = entry.stat()
        except OSError:
            continue  # gone or unreadable since it was listed: the build that follows says which
        out[name] = f"{st.st_mtime_ns}:{st.st_size}"
    return out
