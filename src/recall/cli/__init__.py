"""Command-line entry points: thin glue, one module per group of commands.

The clock is read here (``now``) and nowhere else in recall.
"""

from __future__ import annotations

import signal
import sys
from datetime import UTC, datetime
from pathlib import Path

import click

from recall.workspace import ENV_VAR, Workspace, WorkspaceError, locate


def now() -> datetime:
    return datetime.now(UTC)


def local_tz():
    return datetime.now().astimezone().tzinfo


class Context:
    def __init__(self, workspace: str | None = None):
        self.workspace_dir = workspace  # as given on the command line, or None

    @property
    def workspace(self) -> Workspace:
        try:
            return locate(self.workspace_dir, Path.cwd())
        except WorkspaceError as exc:
            raise click.ClickException(str(exc)) from None


pass_ctx = click.make_pass_decorator(Context)


def platform_problem() -> str | None:
    """Why recall cannot run here, or None: it needs POSIX signals, resource limits and processes."""
    if sys.platform.startswith(("win", "cygwin")) or not hasattr(signal, "pthread_sigmask"):
        return ("recall runs on Linux and macOS: it needs POSIX signals and resource limits. "
                "On Windows, run it inside WSL (https://learn.microsoft.com/windows/wsl/).")
    return None


WORKSPACE_HELP = "Workspace folder (holds recall.toml, decks/ and data/). Default: the nearest one above the " \
                 "current folder."


def _workspace_here(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value is not None:
        ctx.ensure_object(Context).workspace_dir = value


class Commands(click.Group):
    """recall's group: --workspace may also follow the command (`recall status -w DIR`)."""

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        if cmd.name != "init":
            cmd.params.append(click.Option(["--workspace", "-w"], metavar="DIR", expose_value=False,
                                           callback=_workspace_here, help=WORKSPACE_HELP))
        super().add_command(cmd, name)


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--workspace", "-w", metavar="DIR", envvar=ENV_VAR, show_envvar=True, help=WORKSPACE_HELP)
@click.version_option(package_name="recall")
@click.pass_context
def main(ctx: click.Context, workspace: str | None) -> None:
    """recall: spaced repetition for learning Python, in the terminal.

    Lessons in decks/ become quiz cards; `recall build` syncs them into data/.
    """
    problem = platform_problem()
    if problem:
        raise click.ClickException(problem)
    ctx.obj = Context(workspace)


def settings_of(ws: Workspace):
    from recall.settings import SettingsError, load

    try:
        return load(ws.settings_path)
    except SettingsError as exc:
        raise click.ClickException(str(exc)) from None


def refresh(ws: Workspace) -> None:
    """Before studying: rebuild if any deck file changed since the last build (a cheap stat check)."""
    from recall.build import stale

    if stale(ws):
        from recall.ui.report import build_lines

        report = build_workspace(ws)
        lines = build_lines(report)
        if report.lessons or report.failed:
            for line in lines:
                click.echo(line, err=True)


def build_workspace(ws: Workspace, *, run_code: bool | str | None = None, jobs: int | None = None):
    """A build as `recall build` makes it: --run-code defaults to run_code in recall.toml."""
    from recall.build import build
    from recall.build.coderun import InterpreterError, prepare

    settings = settings_of(ws)
    mode = settings.run_code if run_code is None else run_code
    try:
        checker, note = prepare(mode, settings.lesson_python or None, settings.code_time_limit, jobs)
    except InterpreterError as exc:
        raise click.ClickException(str(exc)) from None
    if note:
        click.echo(note, err=True)
    return db_call(build, ws, now(), checker)


def db_call(fn, *args, **kwargs):
    """Run ``fn``, turning database trouble (or a worker process lost) into one clear line instead of a traceback.

    While the database is locked by another program, a line on stderr says recall is waiting.
    """
    from recall.settings import SettingsError
    from recall.store import database
    from recall.workers import WorkerLost

    database.notify = lambda message: click.echo(message, err=True)
    try:
        return fn(*args, **kwargs)
    except (database.DatabaseError, SettingsError, WorkerLost) as exc:
        raise click.ClickException(str(exc)) from None


# the commands register themselves on `main`
from recall.cli import authoring, building, exporting, reviewing  # noqa: E402,F401
