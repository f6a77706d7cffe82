"""kg.jobs: jobs in forked workers give what they would give in-process, and failures come back."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from support import alive

from kg.errors import InputError
from kg.jobs import Helper, JobError, Jobs

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="forked workers are used on Linux only")


def write_pid(path: Path) -> list[Path]:
    path.write_text(str(os.getpid()), encoding="utf-8")
    return [path]


def test_jobs_run_in_other_processes_and_return_their_paths_in_order(tmp_path: Path) -> None:
    with Jobs(parallel=True) as jobs:
        for name in ("b", "a", "c"):
            jobs.submit(name, lambda name=name: write_pid(tmp_path / name))
        done = jobs.wait()
    assert list(done) == ["b", "a", "c"]
    assert done["a"] == [tmp_path / "a"]
    pids = {int((tmp_path / name).read_text()) for name in done}
    assert os.getpid() not in pids and len(pids) == 3


def test_serial_jobs_run_here(tmp_path: Path) -> None:
    with Jobs(parallel=False) as jobs:
        jobs.submit("here", lambda: write_pid(tmp_path / "here"))
        assert jobs.wait() == {"here": [tmp_path / "here"]}
    assert int((tmp_path / "here").read_text()) == os.getpid()


def test_an_input_error_in_a_worker_is_raised_again_as_is() -> None:
    def bad() -> list[Path]:
        raise InputError("no glyph for 知", path="figures/x.svg", line=3)

    with Jobs(parallel=True) as jobs, pytest.raises(InputError) as caught:
        jobs.submit("bad", bad)
        jobs.wait()
    assert str(caught.value) == "figures/x.svg:3: no glyph for 知"
    assert (caught.value.path, caught.value.line) == ("figures/x.svg", 3)


def test_any_other_failure_comes_back_with_the_workers_traceback() -> None:
    def broken() -> list[Path]:
        return [Path("x") / {}["missing"]]

    with Jobs(parallel=True) as jobs, pytest.raises(JobError, match=r"(?s)in broken.*KeyError: 'missing'"):
        jobs.submit("broken", broken)
        jobs.wait()


def test_a_worker_that_dies_is_reported_by_job_name() -> None:
    with Jobs(parallel=True) as jobs, pytest.raises(JobError, match=r"figures 2/2 died .*exit code 3"):
        jobs.submit("figures 2/2", lambda: os._exit(3))
        jobs.wait()


def test_leaving_the_block_early_stops_the_workers(tmp_path: Path) -> None:
    started = tmp_path / "slow"

    def slow() -> list[Path]:
        write_pid(started)
        time.sleep(120)
        return []

    with pytest.raises(RuntimeError, match="the parent failed"), Jobs(parallel=True) as jobs:
        jobs.submit("slow", slow)
        while not started.exists() or not started.read_text():
            time.sleep(0.01)
        pid = int(started.read_text())
        assert Path(f"/proc/{pid}").exists()
        raise RuntimeError("the parent failed")
    assert not Path(f"/proc/{pid}").exists()  # stopped and reaped, not left sleeping


def test_a_job_name_is_used_once() -> None:
    with Jobs(parallel=False) as jobs:
        jobs.submit("x", lambda: [])
        with pytest.raises(ValueError, match="already submitted"):
            jobs.submit("x", lambda: [])


def test_workers_die_with_a_killed_parent(tmp_path: Path) -> None:
    script = (
        "import sys, time\n"
        "from kg.jobs import Jobs\n"
        "jobs = Jobs(True)\n"
        "jobs.submit('sleeper', lambda: time.sleep(60) or [])\n"
        "print(jobs._workers[0].process.pid, flush=True)\n"
        "time.sleep(60)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    worker = int(parent.stdout.readline())
    assert alive(worker)
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 5
    while alive(worker):
        assert time.monotonic() < deadline, "the worker outlived its killed parent"
        time.sleep(0.05)


# --- a helper: forked before its input exists, answering more than once --------------------------------


def count_up(receive: Callable[[], object], reply: Callable[[object], None]) -> None:
    start = receive()
    assert isinstance(start, int)
    reply((os.getpid(), start + 1))
    reply(start + 2)


def test_a_helper_gets_its_input_later_and_answers_twice() -> None:
    with Helper("counter", count_up) as helper:
        helper.send(40)
        pid, first = helper.receive()
        assert (first, helper.receive()) == (41, 42)
        helper.wait()
    assert pid != os.getpid()


def test_a_helper_may_fork_jobs_of_its_own(tmp_path: Path) -> None:
    def serve(receive: Callable[[], object], reply: Callable[[object], None]) -> None:
        with Jobs(parallel=True) as jobs:
            jobs.submit("inner", lambda: write_pid(tmp_path / "inner"))
            reply(jobs.wait()["inner"])

    with Helper("outer", serve) as helper:
        assert helper.receive() == [tmp_path / "inner"]


def test_a_helpers_input_error_comes_back_as_is() -> None:
    def serve(receive: Callable[[], object], reply: Callable[[object], None]) -> None:
        raise InputError("the graph holds no ipkg:Region", path="build/store")

    with Helper("failing", serve) as helper, pytest.raises(InputError, match="build/store: the graph holds"):
        helper.receive()


def test_sending_to_a_helper_that_died_says_how_it_died() -> None:
    with Helper("dies", lambda receive, reply: os._exit(3)) as helper:
        deadline = time.monotonic() + 10
        with pytest.raises(JobError, match=r"dies died .*exit code 3"):
            while time.monotonic() < deadline:  # the pipe may take a message or two before it breaks
                helper.send(b"x" * 1_000_000)
            helper.receive()


def test_stopping_a_helper_ends_it_while_it_waits_for_input() -> None:
    helper = Helper("waiting", count_up)
    pid = helper._worker.process.pid
    assert pid is not None and alive(pid)
    helper.stop()
    assert not alive(pid)
