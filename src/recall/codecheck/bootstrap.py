"""The child side of a code run: limits first, then a lesson's code, cell by cell.

Not imported by recall: its source is handed to the lesson interpreter (``python -I -c``),
which may be any Python 3.8 or newer. It reads one job (JSON) from stdin, sets the
resource limits on itself (they hold for everything it starts), optionally drops to
an unprivileged user (when the sandbox was started by root), and runs the job like a
notebook: the setup cells in order (an exception ends that cell only), then the cell
asked about, one top-level statement at a time, in one ``__main__`` namespace.

What the code prints is not buffered here: every write to ``sys.stdout`` or
``sys.stderr`` goes at once to the results pipe as one JSON line naming the top-level
statement running, the innermost line of the cell that wrote it, and whether the main
thread of the first process wrote it. Processes the code forks write there too.
"""

import ast
import json
import linecache
import os
import resource
import sys
import threading
import traceback
import types

CELL = "<cell>"
CHUNK = 600  # characters per record: a record stays under PIPE_BUF, so a write is atomic


def main():
    job = json.loads(sys.stdin.read())
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    results = job["fd"]
    os.set_inheritable(results, True)
    limit(job["limits"])
    if job.get("uid") is not None:
        os.setgroups([])
        os.setgid(job["uid"])
        os.setuid(job["uid"])
    if job.get("shift"):  # the second run has another process id, and a file of its own in its folder
        for _ in range(job["shift"]):
            pid = os.fork()
            if pid == 0:
                os._exit(0)
            os.waitpid(pid, 0)
        pid = os.fork()
        if pid:
            _, status = os.waitpid(pid, 0)
            os._exit(os.waitstatus_to_exitcode(status) & 0xFF if hasattr(os, "waitstatus_to_exitcode") else 1)
    if job.get("decoy"):
        open(job["decoy"], "w").close()
    channel = Channel(results, job["limits"]["output"])
    sys.stdout = Stream(channel, "o")
    sys.stderr = Stream(channel, "e")
    run(job, channel)


def limit(limits):
    memory, cpu, files = limits["memory"], limits["cpu"], limits["file_size"]
    for kind, value in ((resource.RLIMIT_AS, memory), (resource.RLIMIT_CPU, cpu), (resource.RLIMIT_FSIZE, files),
                        (resource.RLIMIT_CORE, 0), (resource.RLIMIT_NOFILE, limits["open_files"])):
        resource.setrlimit(kind, (value, value))
    if hasattr(resource, "RLIMIT_NPROC"):
        resource.setrlimit(resource.RLIMIT_NPROC, (limits["processes"], limits["processes"]))


class Channel:
    """The results pipe: one JSON record a line, written whole."""

    def __init__(self, fd, most):
        self.fd = fd
        self.pid = os.getpid()
        self.statement = -1  # -1 while the setup runs
        self.left = most
        self.lock = threading.Lock()

    def send(self, record):
        data = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8", "surrogatepass")
        with self.lock:
            try:
                os.write(self.fd, data)
            except OSError:
                os._exit(70)


class Stream:
    """``sys.stdout`` / ``sys.stderr``: each write sent at once, with where it came from."""

    encoding = "utf-8"
    errors = "strict"

    def __init__(self, channel, kind):
        self.channel = channel
        self.kind = kind

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        if not text:
            return 0
        channel = self.channel
        channel.left -= len(text)
        if channel.left < 0:
            channel.send(["flood"])
            os._exit(71)
        line = 0
        frame = sys._getframe(1)  # type: types.FrameType | None
        while frame is not None:
            if frame.f_code.co_filename == CELL:
                line = frame.f_lineno
                break
            frame = frame.f_back
        main = os.getpid() == channel.pid and threading.current_thread() is threading.main_thread()
        for start in range(0, len(text), CHUNK):
            channel.send([self.kind, channel.statement, line, main, text[start:start + CHUNK]])
        return len(text)

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def flush(self):
        pass

    def isatty(self):
        return False

    def fileno(self):
        return 1 if self.kind == "o" else 2

    def readable(self):
        return False

    def writable(self):
        return True

    def seekable(self):
        return False


def run(job, channel):
    module = types.ModuleType("__main__")
    module.__dict__["__builtins__"] = __builtins__
    sys.modules["__main__"] = module
    sys.argv = [""]
    namespace = module.__dict__
    for number, chunk in enumerate(job["setup"]):
        name = f"<setup {number}>"
        error = cell(chunk, name, namespace, channel, setup=True)
        if error is not None:
            channel.send(["setup-error", number, error["line"], error["error"], error.get("missing")])
    error = cell(job["code"], CELL, namespace, channel, setup=False)
    channel.statement = "end"
    for thread in threading.enumerate():  # the threads the code left running still print as part of it
        if thread is not threading.current_thread() and not thread.daemon:
            thread.join()
    if error is not None:
        channel.send(["error", error["statement"], error["line"], error["error"], error.get("missing"),
                      error.get("syntax", False)])
    channel.send(["end"])
    sys.stdout.flush()


def cell(code, name, namespace, channel, setup):
    """Run one cell a statement at a time; the exception that ends it, or None."""
    lines = code.splitlines(True)
    linecache.cache[name] = (len(code), None, lines, name)
    try:
        tree = ast.parse(code, name)
    except SyntaxError as exc:
        return {"statement": 0, "line": exc.lineno or 0, "error": exception_line(exc), "syntax": True}
    flags = 0
    for index, statement in enumerate(tree.body):
        if isinstance(statement, ast.ImportFrom) and statement.module == "__future__":
            for alias in statement.names:
                feature = getattr(__import__("__future__"), alias.name, None)
                flags |= getattr(feature, "compiler_flag", 0)
        if not setup:
            channel.statement = index
        try:
            compiled = compile(ast.Module([statement], []), name, "exec", flags=flags, dont_inherit=True)
            exec(compiled, namespace)
        except BaseException as exc:  # a lesson may raise SystemExit or KeyboardInterrupt too
            if isinstance(exc, SystemExit) and not setup:
                return None if exc.code in (None, 0) else {"statement": index, "line": statement.lineno,
                                                           "error": exception_line(exc)}
            return {"statement": index, "line": raised_at(exc, name) or statement.lineno, "error": exception_line(exc),
                    "missing": missing_module(exc)}
    return None


def exception_line(exc):
    return traceback.format_exception_only(type(exc), exc)[-1].strip()


def raised_at(exc, name):
    """The last line of the cell the traceback passes through."""
    found = 0
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename == name:
            found = frame.lineno or 0
    return found


def missing_module(exc):
    if isinstance(exc, ModuleNotFoundError) and exc.name:
        return exc.name.split(".")[0]
    return None


if __name__ == "__main__":
    main()
