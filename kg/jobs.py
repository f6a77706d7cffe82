"""Independent file-writing jobs, run side by side in forked worker processes (Linux) or one by one.

Why: on two CPUs the build's slowest steps are independent of each other. The four paper figures
cost matplotlib more CPU than all the measures and pages together, yet need nothing but the
networks, and robustness.csv and the network files need only the measures: in forked workers they
are written while the parent computes and writes the rest (kg.analysis.run). At 16 editions kg.ttl
and kg.jsonld are written by a worker while the parent writes kg.nt and kg.nq (kg.export). Why fork:
a forked worker starts with the data and the imported libraries already in memory; a spawned one
would spend over a second importing matplotlib and would need the data pickled to it. Fork is used
on Linux only, where it is the platform's own default; elsewhere (macOS, Windows) and on one CPU the
jobs run in this process, one after another, with the same outputs.

A job returns the paths it wrote, or anything else that pickles (rows for the parent to write).
Failures travel back: an ``InputError`` raised in a worker is raised again in the parent (so it
still becomes a one-line CLI error); any other exception comes back as ``JobError`` carrying the
worker's traceback; a worker that dies is reported by job name.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import traceback
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from types import TracebackType

from kg.errors import InputError

#: A job: what it returns comes back to the parent, pickled.
Job = Callable[[], object]
PR_SET_PDEATHSIG = 1  # linux/prctl.h


class JobError(RuntimeError):
    """A job failed in a worker process (the message holds the worker's traceback)."""


def can_fork() -> bool:
    """Whether jobs run in forked workers by default: Linux with more than one CPU."""
    return sys.platform == "linux" and (os.cpu_count() or 1) > 1


@dataclass
class _Worker:
    name: str
    process: BaseProcess
    results: Connection


def _die_with_parent(parent: int) -> None:
    """Ask Linux to kill this worker when its parent dies (a killed ``kg analyze`` must leave no worker
    writing on into its abandoned staging folder); exit at once if the parent is already gone."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # pragma: no cover - not Linux: jobs run in-process there
        return
    if os.getppid() != parent:
        os._exit(1)


def _outcome(call: Callable[[], object]) -> tuple[str, object]:
    """("ok", what ``call`` returned) or ("error", the exception to raise again in the parent)."""
    try:
        return ("ok", call())
    except InputError as error:
        return ("error", error)
    except BaseException as error:  # noqa: BLE001 — anything else goes back with its traceback
        return ("error", JobError("".join(traceback.format_exception(error))))


def _work(job: Job, results: Connection, parent: int) -> None:
    """The worker's whole life: run the job, send back what it returned or its failure."""
    _die_with_parent(parent)
    results.send(_outcome(job))
    results.close()


def _fork(name: str, target: Callable[..., None], *args: object, daemon: bool = True) -> BaseProcess:
    """Start ``target(*args, parent_pid)`` in a forked process. Job workers are daemons (multiprocessing
    ends them with the parent); a helper is not, as it forks job workers of its own, which daemons may
    not: it dies with its parent all the same (``_die_with_parent``)."""
    process = multiprocessing.get_context("fork").Process(
        target=target, args=(*args, os.getpid()), name=f"ipkg {name}", daemon=daemon
    )
    with warnings.catch_warnings():
        # Python >= 3.12 warns when a multi-threaded process forks (the store and BLAS keep threads):
        # a child could deadlock on a lock one of those threads held. Workers never use the store
        # or those threads; they draw, write files and leave with os._exit.
        warnings.filterwarnings("ignore", category=DeprecationWarning, message=r".*fork\(\)")
        process.start()
    return process


def _answer(worker: _Worker) -> object:
    """The worker's next answer; its failure raised here; JobError if it died without one."""
    try:
        status, value = worker.results.recv()
    except EOFError:
        worker.process.join()
        code = worker.process.exitcode
        raise JobError(f"the worker for {worker.name} died without an answer (exit code {code})") from None
    if status != "ok":
        assert isinstance(value, BaseException)
        raise value
    return value


def _stop(worker: _Worker) -> None:
    if worker.process.is_alive():
        worker.process.terminate()
    worker.process.join()
    worker.results.close()


class Jobs:
    """``submit`` starts named jobs, ``wait`` returns what each returned, in submission order.

    Use as a context manager: leaving the block early (an exception in the parent) stops the
    workers still running, so nothing keeps writing after a failure.
    """

    def __init__(self, parallel: bool | None = None) -> None:
        self.parallel = can_fork() if parallel is None else parallel
        self._done: dict[str, object] = {}
        self._workers: list[_Worker] = []

    def submit(self, name: str, job: Job) -> None:
        if name in self._done or any(w.name == name for w in self._workers):
            raise ValueError(f"a job named {name!r} was already submitted")
        if not self.parallel:
            self._done[name] = job()
            return
        receive, send = multiprocessing.get_context("fork").Pipe(duplex=False)
        process = _fork(name, _work, job, send)
        send.close()  # the parent's copy: the worker's exit then ends the pipe (EOFError, not a hang)
        self._workers.append(_Worker(name, process, receive))

    def wait(self) -> dict[str, object]:
        """What each job returned, by name, in submission order; raises the first failure."""
        while self._workers:
            worker = self._workers[0]
            value = _answer(worker)
            worker.process.join()
            worker.results.close()
            self._workers.pop(0)
            self._done[worker.name] = value
        return dict(self._done)

    def stop(self) -> None:
        """Stop every worker still running (their partial files are the caller's to discard)."""
        for worker in self._workers:
            _stop(worker)
        self._workers.clear()

    def __enter__(self) -> Jobs:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()


#: A helper's work: ``receive()`` waits for the parent's next message, ``reply(value)`` answers it.
Serve = Callable[[Callable[[], object], Callable[[object], None]], None]


def _help(serve: Serve, connection: Connection, parent: int) -> None:
    """The helper's whole life: serve, then send back the failure if there was one."""
    _die_with_parent(parent)

    def reply(value: object) -> None:
        connection.send(("ok", value))

    status, error = _outcome(lambda: serve(connection.recv, reply))
    if status != "ok":
        connection.send((status, error))
    connection.close()


class Helper:
    """One forked process started before its input exists: it is sent its input later and may answer
    more than once. `kg build` forks its analyses this way before it parses the source, so that the
    helper imports networkx, scipy and matplotlib (half a second) while the parent parses.

    Failures travel back as they do for jobs (``receive`` raises them); use as a context manager, so that
    leaving the block early stops the helper."""

    def __init__(self, name: str, serve: Serve) -> None:
        here, there = multiprocessing.get_context("fork").Pipe(duplex=True)
        self._worker = _Worker(name, _fork(name, _help, serve, there, daemon=False), here)
        there.close()  # the helper's end: its exit then ends the pipe (EOFError, not a hang)

    def send(self, message: object) -> None:
        try:
            self._worker.results.send(message)
        except OSError:  # the helper is gone: say why (its failure, or how it died)
            self.receive()
            raise

    def receive(self) -> object:
        return _answer(self._worker)

    def wait(self) -> None:
        """Wait for the helper to end, once it has sent its last answer."""
        self._worker.process.join()

    def stop(self) -> None:
        _stop(self._worker)

    def __enter__(self) -> Helper:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()


def paths(value: object) -> list[Path]:
    """A file-writing job's answer, checked: the paths it wrote."""
    assert isinstance(value, list) and all(isinstance(path, Path) for path in value)
    return value
