"""A workspace: ``decks/`` (lessons, in git), ``data/`` (the database), ``recall.toml``."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

MARKER = "recall.toml"
ENV_VAR = "RECALL_WORKSPACE"
#: a database URL that overrides ``database_url`` in recall.toml
DATABASE_ENV_VAR = "RECALL_DATABASE_URL"


class WorkspaceError(Exception):
    pass


@dataclass(frozen=True)
class Workspace:
    root: Path

    @property
    def decks(self) -> Path:
        return self.root / "decks"

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def db_path(self) -> Path:
        """The default database: a SQLite file in data/."""
        return self.data / "recall.sqlite3"

    def database_url(self) -> str:
        """Where the database is: RECALL_DATABASE_URL, else ``database_url`` in recall.toml, else ``db_path``.

        A relative SQLite path in a URL is taken from the workspace folder.
        """
        url = os.environ.get(DATABASE_ENV_VAR, "").strip()
        if not url:
            from recall.settings import load

            url = load(self.settings_path).database_url or f"sqlite:///{self.db_path}"
        return url

    @property
    def settings_path(self) -> Path:
        return self.root / MARKER

    def deck_files(self) -> list[Path]:
        """Every Markdown file under decks/, in a stable order."""
        return [Path(entry.path) for _, entry in self.deck_entries()]

    def deck_entries(self) -> list[tuple[str, os.DirEntry]]:
        """(name relative to the workspace, directory entry) of every Markdown file under decks/,
        sorted as paths sort (folder by folder). Folders linked in are not followed, files are."""
        found: list[tuple[str, os.DirEntry]] = []

        def visit(folder: str, prefix: str) -> None:
            try:
                with os.scandir(folder) as listing:
                    entries = list(listing)
            except OSError:  # vanished or unreadable: there is nothing under it to build
                return
            for entry in entries:
                try:
                    if entry.is_dir(follow_symlinks=False):
                        visit(entry.path, f"{prefix}{entry.name}/")
                    elif entry.name.endswith(".md") and entry.is_file():
                        found.append((prefix + entry.name, entry))
                except OSError:
                    continue

        visit(str(self.decks), "decks/")
        found.sort(key=lambda item: item[0].split("/"))
        return found

    def relative(self, path: Path) -> str:
        """How messages and cards name a file: relative to the workspace, with slashes."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)


def locate(explicit: str | Path | None, cwd: Path) -> Workspace:
    """The workspace named by --workspace / RECALL_WORKSPACE, else the nearest one above ``cwd``."""
    if explicit:
        root = Path(explicit).expanduser()
        if not root.is_absolute():
            root = cwd / root
        if not (root / MARKER).is_file():
            raise WorkspaceError(f"{root} is not a recall workspace (no {MARKER}); "
                                 f"create one with: recall init {explicit}")
        return Workspace(root.resolve())
    for folder in (cwd, *cwd.parents):
        if (folder / MARKER).is_file():
            return Workspace(folder)
    raise WorkspaceError(f"not inside a recall workspace: no {MARKER} in {cwd} or any folder above it.\n"
                         f"Create one with `recall init DIR`, or point at one with --workspace DIR "
                         f"or {ENV_VAR}=DIR.")


def init(root: Path) -> Workspace:
    """Make an empty workspace at ``root`` (which may exist, but must not be one already)."""
    if (root / MARKER).exists():
        raise WorkspaceError(f"{root} is already a recall workspace")
    if root.exists() and not root.is_dir():
        raise WorkspaceError(f"{root} exists and is not a folder")
    root.mkdir(parents=True, exist_ok=True)
    (root / "decks").mkdir(exist_ok=True)
    (root / "data").mkdir(exist_ok=True)
    from recall.settings import DEFAULT_TOML

    (root / MARKER).write_text(DEFAULT_TOML, encoding="utf-8")
    gitignore = root / ".gitignore"
    if not gitignore.exists():
        gitignore.write_text("data/\n", encoding="utf-8")
    return Workspace(root.resolve())
