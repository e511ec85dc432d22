"""Processes that work for recall (recall.workers): Ctrl-C, a worker lost, a parent killed outright.
The export's own cases are in test_export_cli.py; here the pool itself and the build's use of it."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import time

import pexpect
import pytest

from conftest import children, gone, lesson, midday_zone, write
from recall.workers import WorkerLost, pool_of

pytestmark = pytest.mark.skipif(multiprocessing.get_start_method() != "fork",
                                reason="the slowed steps reach the workers only through fork")

#: `recall build` of many changed lessons in other processes, each lesson's reading a second and a half
#: slower, the first announced
SLOW_BUILD = """
import os, sys, time
import recall.build
from recall.build import analyse as module
recall.build.PARALLEL_FROM = 2
import recall.workers
recall.workers.cores = lambda: 2
real = module.analyse
def slow(name, *args):
    print("slow step begun", flush=True)
    time.sleep(1.5)
    return real(name, *args)
module.analyse = slow
from recall.cli import main
main(sys.argv[1:])
"""


def test_ctrl_c_in_a_build_of_many_lessons_stops_cleanly(workspace):
    """Three lessons read by two workers: one is still reading, the other waits for work when Ctrl-C
    comes. One line, no worker's traceback, no worker left."""
    for n in range(3):
        write(workspace, f"0{n}.md", lesson(f"## Key Takeaways\n\n- Use **term{n}** for case {n}\n",
                                            id=f"lesson-{n}"))
    env = {**os.environ, "RECALL_WORKSPACE": str(workspace.root), "NO_COLOR": "1", "TZ": midday_zone()}
    child = pexpect.spawn(sys.executable, ["-c", SLOW_BUILD, "build"], env=env, encoding="utf-8", timeout=30,
                          dimensions=(40, 100))
    child.expect("slow step begun")
    child.expect("slow step begun")  # both workers busy; the next to finish finds one lesson left
    workers = children(child.pid)
    assert len(workers) == 2
    child.expect("slow step begun", timeout=5)  # the third lesson: one worker reads it, the other
    time.sleep(0.5)  # has finished its own by now and waits for work that will not come
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    said = child.before or ""
    assert child.exitstatus == 1 and "Aborted" in said and "Traceback" not in said, said
    assert gone(workers, within=0.5)


def _square(n: int) -> int:
    return n * n


def _die(n: int) -> int:
    os.kill(os.getpid(), signal.SIGKILL)
    return n


def test_a_pool_maps_in_order_and_a_worker_lost_is_one_error():
    with pool_of(2) as pool:
        assert list(pool.map(_square, range(10), chunksize=3)) == [n * n for n in range(10)]
    with pytest.raises(WorkerLost, match="stopped before it was done"), pool_of(2) as pool:
        list(pool.map(_die, range(4)))
