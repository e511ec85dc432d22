"""The sandbox lesson code runs in: bubblewrap (``bwrap``), or nothing when the learner says so.

Under bubblewrap a run sees the system's programs and libraries and the interpreter's own
folders, all read-only, a few files of /etc, and nothing else of the machine: no home
folder, no workspace, no network (its own empty network namespace), its own process ids,
host name and IPC, a new session, and it dies with recall. The only writable places are
small in-memory folders of its own (``/tmp``, its home and its working folder), gone when
it ends, so it can write nothing outside them. Run by root, the code still runs as an
unprivileged user of its own (the bootstrap drops to it before any lesson code), so the
process-count limit holds and root-only files stay closed.

``unconfined`` runs the same bootstrap, with the same limits, straight on the machine: only
when the learner asks for it (``run_code = "unconfined"``), knowing it is no sandbox.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache

from recall.codecheck.interpreter import Interpreter

HOME = "/home/learner"
#: what of /etc a Python program may need: the loader, time zones, users, locales, certificates, MIME types
ETC = ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "timezone", "passwd", "group", "nsswitch.conf",
       "hosts", "ssl", "ca-certificates", "alternatives", "mime.types", "os-release", "locale.alias",
       "matplotlibrc", "fonts", "protocols", "services")
_SYSTEM = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
TMPFS_SIZE = 64 * 1024 * 1024
FIX = "install bubblewrap (apt install bubblewrap)"


@dataclass(frozen=True)
class Sandbox:
    """How runs are confined: ``kind`` is "bwrap" or "unconfined"."""

    kind: str
    bwrap: str = ""
    as_root: bool = False

    @property
    def confined(self) -> bool:
        return self.kind == "bwrap"


UNCONFINED = Sandbox("unconfined")


class SandboxMissing(Exception):
    """Why lesson code cannot be confined here, with the fix."""


@lru_cache(maxsize=1)
def find() -> Sandbox:
    """The working bubblewrap sandbox, or SandboxMissing saying why there is none."""
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        raise SandboxMissing(f"bubblewrap (bwrap) is not installed: {FIX}")
    root = os.geteuid() == 0
    args = [bwrap, *_namespaces(root), *_system(), "--", "/bin/true" if os.path.exists("/bin/true") else "true"]
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SandboxMissing(f"bubblewrap cannot start ({exc}): {FIX}") from None
    if done.returncode != 0:
        why = (done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[-1]
        raise SandboxMissing(f"bubblewrap cannot create its namespaces here ({why}): allow unprivileged user "
                             "namespaces (sysctl kernel.unprivileged_userns_clone=1, or the distribution's "
                             "equivalent) or run recall where they are allowed")
    return Sandbox("bwrap", bwrap, root)


def _namespaces(root: bool) -> list[str]:
    common = ["--die-with-parent", "--new-session"]
    if root:  # privileged: no user namespace, so the bootstrap can drop to a user of its own
        return ["--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try", *common,
                "--cap-drop", "ALL", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
    return ["--unshare-all", *common]


def _system() -> list[str]:
    out = []
    for path in _SYSTEM:
        if os.path.islink(path):
            out += ["--symlink", os.readlink(path), path]
        elif os.path.isdir(path):
            out += ["--ro-bind", path, path]
    return out


def _bound(folder: str, taken: list[str]) -> bool:
    return any(folder == t or folder.startswith(t.rstrip("/") + "/") for t in taken)


def command(sandbox: Sandbox, interpreter: Interpreter, workdir: str, hostname: str, env: dict[str, str],
            python_args: list[str], info_fd: int) -> list[str]:
    """The command line that runs ``interpreter`` with ``python_args`` in the sandbox.

    bwrap writes the host's id of the sandbox's first process to ``info_fd``: killing it ends
    every process of the sandbox, and it exits only once they are all gone."""
    if not sandbox.confined:
        return [interpreter.path, *python_args]
    args = [sandbox.bwrap, *_namespaces(sandbox.as_root), "--info-fd", str(info_fd), "--hostname", hostname,
            *_system()]
    for name in ETC:
        args += ["--ro-bind-try", f"/etc/{name}", f"/etc/{name}"]
    args += ["--proc", "/proc", "--dev", "/dev"]
    for place in ("/tmp", HOME, "/dev/shm"):  # /dev/shm: multiprocessing's locks and queues live there
        args += ["--size", str(TMPFS_SIZE), "--tmpfs", place, "--chmod", "1777", place]
    taken = [p for p in _SYSTEM if os.path.exists(p)]
    made: set[str] = set()
    for folder in interpreter.folders():
        if _bound(folder, taken):
            continue
        parents = []
        parent = os.path.dirname(folder)
        while parent not in ("/", "") and parent not in made:
            parents.append(parent)
            parent = os.path.dirname(parent)
        for parent in reversed(parents):  # traversable by the unprivileged user the code runs as
            args += ["--perms", "0755", "--dir", parent]
            made.add(parent)
        args += ["--ro-bind", folder, folder]
        taken.append(folder)
    args += ["--dir", workdir, "--chmod", "1777", workdir, "--chdir", workdir, "--clearenv"]
    for key, value in env.items():
        args += ["--setenv", key, value]
    return [*args, "--", interpreter.path, *python_args]


def uid_for(sandbox: Sandbox, slot: int) -> int | None:
    """The unprivileged user a run started by root drops to (one per parallel slot), else None."""
    return 1_000_000 + (os.getpid() % 1000) * 64 + slot % 64 if sandbox.as_root and sandbox.confined else None

