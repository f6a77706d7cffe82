"""The server side of the query workers: one subprocess each, a pool that hands them out and replaces them.

Workers are separate processes because pyoxigraph can abort the whole process on some queries (a Rust
panic such as a sort whose comparison is not a total order) and because a running query cannot be
cancelled from Python: a worker that dies is answered with 500 and replaced; a worker that runs past
``--timeout`` is killed (SIGKILL, so the work really stops) and replaced, and the client gets 504 with a
text body, never a truncated 200.
"""

from __future__ import annotations

import json
import os
import queue
import select
import subprocess
import sys
import threading
import time
from pathlib import Path

from kg.errors import InputError
from kg.serve.negotiation import Answer
from kg.serve.worker import QueryRequest

SPAWN_TIMEOUT = 60.0


class WorkerDied(Exception):
    pass


class WorkerTimeout(Exception):
    pass


class Worker:
    """A query subprocess and its end of the JSON-lines protocol."""

    def __init__(self, store_path: Path) -> None:
        package_root = str(Path(__file__).resolve().parents[2])
        env = dict(
            os.environ,
            RUST_BACKTRACE="0",
            PYTHONPATH=os.pathsep.join(p for p in (package_root, os.environ.get("PYTHONPATH")) if p),
        )
        code = (
            "import sys; from kg.serve.worker import worker_main as m; "
            "sys.exit(m(sys.argv[1], int(sys.argv[2])))"
        )
        self.process = subprocess.Popen(
            [sys.executable, "-c", code, str(store_path), str(os.getpid())],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            bufsize=0,
            env=env,
        )
        self._buffer = bytearray()

    def _fill(self, deadline: float) -> None:
        assert self.process.stdout is not None
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise WorkerTimeout
        ready, _, _ = select.select([self.process.stdout], [], [], remaining)
        if not ready:
            raise WorkerTimeout
        chunk = os.read(self.process.stdout.fileno(), 1 << 16)
        if not chunk:
            raise WorkerDied
        self._buffer += chunk

    def _read_message(self, deadline: float) -> tuple[dict[str, object], bytes]:
        while b"\n" not in self._buffer:
            self._fill(deadline)
        line, _, rest = bytes(self._buffer).partition(b"\n")
        self._buffer = bytearray(rest)
        header = json.loads(line)
        length = int(header["length"])
        while len(self._buffer) < length:
            self._fill(deadline)
        body = bytes(self._buffer[:length])
        del self._buffer[:length]
        return header, body

    def wait_ready(self, timeout: float) -> None:
        header, _ = self._read_message(time.monotonic() + timeout)
        if not header.get("ready"):
            raise InputError(f"cannot open the store: {header.get('error')}")

    def ask(self, request: QueryRequest, timeout: float) -> Answer:
        assert self.process.stdin is not None
        try:
            self.process.stdin.write(json.dumps(request).encode() + b"\n")
        except (BrokenPipeError, OSError):
            raise WorkerDied from None
        header, body = self._read_message(time.monotonic() + timeout)
        return Answer(int(header["status"]), str(header["media"]), body)  # type: ignore[call-overload]

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        for pipe in (self.process.stdin, self.process.stdout):
            if pipe is not None:
                pipe.close()


class Pool:
    """Worker subprocesses; all are spawned by one long-lived thread (PDEATHSIG follows the thread)."""

    def __init__(self, store_path: Path, size: int, timeout: float) -> None:
        self.store_path, self.size, self.timeout = store_path, size, timeout
        self.idle: queue.Queue[Worker] = queue.Queue()
        self._requests: queue.Queue[int | None] = queue.Queue()
        self._started: queue.Queue[BaseException | None] = queue.Queue()
        self._all: set[Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self._thread = threading.Thread(target=self._spawner, name="kg-serve-spawner", daemon=True)

    def start(self) -> None:
        self._thread.start()
        for _ in range(self.size):
            self._requests.put(1)
        for _ in range(self.size):
            try:
                error = self._started.get(timeout=SPAWN_TIMEOUT * 5)
            except queue.Empty:
                error = InputError("query workers did not start in time")
            if error is not None:
                self.close()
                raise error if isinstance(error, InputError) else InputError(f"cannot start workers: {error}")

    def _spawner(self) -> None:
        while (request := self._requests.get()) is not None:
            for attempt in range(5):
                if self._closed:
                    return
                worker = Worker(self.store_path)
                with self._lock:
                    self._all.add(worker)
                try:
                    worker.wait_ready(SPAWN_TIMEOUT)
                except (InputError, WorkerDied, WorkerTimeout, ValueError) as error:
                    self._discard(worker)
                    if attempt == 4 or isinstance(error, InputError):
                        self._started.put(
                            error
                            if isinstance(error, InputError)
                            else InputError(f"a query worker did not start ({type(error).__name__})")
                        )
                        break
                    time.sleep(0.5)
                    continue
                self.idle.put(worker)
                self._started.put(None)
                break
            del request

    def _discard(self, worker: Worker) -> None:
        worker.kill()
        with self._lock:
            self._all.discard(worker)

    def _replace(self, worker: Worker) -> None:
        self._discard(worker)
        if not self._closed:
            self._requests.put(1)

    def run(self, request: QueryRequest) -> Answer:
        try:
            worker = self.idle.get(timeout=self.timeout)
        except queue.Empty:
            return Answer(503, "text/plain", b"all query workers are busy; try again later")
        try:
            answer = worker.ask(request, self.timeout)
        except WorkerTimeout:
            self._replace(worker)
            return Answer(
                504,
                "text/plain",
                f"query timed out after {self.timeout:g} s and was stopped "
                "(kg serve --timeout sets the limit)".encode(),
            )
        except (WorkerDied, ValueError, KeyError):
            self._replace(worker)
            return Answer(500, "text/plain", b"query crashed the engine; the worker was restarted")
        self.idle.put(worker)
        return answer

    def close(self) -> None:
        self._closed = True
        self._requests.put(None)
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.kill()
