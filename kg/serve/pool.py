"""The server side of the query workers: one subprocess each, a pool that hands them out and replaces them.

Workers are separate processes because pyoxigraph can abort the whole process on some queries (a Rust
panic such as a sort whose comparison is not a total order, or an allocation over the worker's memory
cap) and because a running query cannot be cancelled from Python: a worker that dies is answered with
500 (507 when it ran out of memory) and replaced; a worker that runs past ``--timeout``, or whose client
hangs up, is killed (SIGKILL, so the work really stops) and replaced. The client gets 504 with a text
body, never a truncated 200. Replacements are retried with back-off for as long as the server runs.
"""

from __future__ import annotations

import itertools
import json
import os
import queue
import select
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError
from kg.serve.negotiation import Answer
from kg.serve.settings import WRITE_DEADLINE
from kg.serve.worker import QueryRequest, memory_note

SPAWN_TIMEOUT = 60.0
RETRY_DELAYS = (0.5, 1.0, 2.0, 5.0, 10.0, 30.0)  # then every 30 s, for as long as the server runs


def log(message: str) -> None:
    print(f"kg serve: {message}", file=sys.stderr, flush=True)


@dataclass(frozen=True)
class Head:
    """What a worker says before its answer's body."""

    status: int
    media: str
    length: int
    truncated: int | None
    replace: bool  # the worker asks to be replaced (it ran out of memory)


#: How the handler sends an answer: the answer (body empty when streamed), the body's length, its pieces.
Respond = Callable[[Answer, int, Iterable[bytes]], None]


def hung_up(client: socket.socket) -> bool:
    """The client closed its side (a read would return nothing); data waiting, or nothing yet, is not that."""
    poller = select.poll()
    poller.register(client.fileno(), select.POLLIN)
    if not poller.poll(0):
        return False
    try:  # readable now, so this does not wait (a socket with a timeout would wait first, then raise)
        return client.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
    except (BlockingIOError, TimeoutError):
        return False
    except OSError:
        return True


class WorkerDied(Exception):
    pass


class WorkerTimeout(Exception):
    pass


class ClientGone(Exception):
    pass


class Worker:
    """A query subprocess and its end of the JSON-lines protocol."""

    def __init__(self, store_path: Path, memory_mb: int, max_rows: int, offline: bool = True) -> None:
        package_root = str(Path(__file__).resolve().parents[2])
        env = dict(
            os.environ,
            RUST_BACKTRACE="0",
            MALLOC_ARENA_MAX="2",  # glibc reserves 64 MiB of address space per thread arena otherwise
            PYTHONPATH=os.pathsep.join(p for p in (package_root, os.environ.get("PYTHONPATH")) if p),
        )
        code = (
            "import sys; from kg.serve.worker import worker_main as m; "
            "sys.exit(m(sys.argv[1], *map(int, sys.argv[2:])))"
        )
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-c",
                code,
                str(store_path),
                *map(str, (os.getpid(), memory_mb, max_rows, int(offline))),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            bufsize=0,
            env=env,
        )
        self.memory_mb = memory_mb
        self._buffer = bytearray()
        self.last_error = ""
        self._ran_out_of_memory = False
        self._stderr = threading.Thread(target=self._relay_stderr, daemon=True)
        self._stderr.start()

    def _relay_stderr(self) -> None:
        """The worker's stderr goes to ours; the last line says why a worker died (e.g. out of memory)."""
        assert self.process.stderr is not None
        for raw in self.process.stderr:
            line = raw.decode("utf-8", "replace").rstrip()
            if line and not line.startswith("note: run with `RUST_BACKTRACE"):
                self.last_error = line
                self._ran_out_of_memory |= "memory allocation of" in line or "MemoryError" in line
                print(f"kg serve: worker {self.process.pid}: {line}", file=sys.stderr, flush=True)

    def out_of_memory(self) -> bool:
        """Whether the worker said it could not allocate (Rust aborts with a message; Python raises)."""
        self._stderr.join(timeout=2)
        return self._ran_out_of_memory

    def _fill(self, deadline: float, client: socket.socket | None) -> socket.socket | None:
        """Read more of the worker's answer; watch the client, so a hang-up stops the query at once."""
        assert self.process.stdout is not None
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise WorkerTimeout
        out = self.process.stdout.fileno()
        poller = select.poll()  # not select(): connection numbers may pass FD_SETSIZE
        poller.register(out, select.POLLIN)
        if client is not None:
            poller.register(client.fileno(), select.POLLIN)
        ready = {fd for fd, _ in poller.poll(remaining * 1000)}
        if not ready:
            raise WorkerTimeout
        if client is not None and client.fileno() in ready:
            if hung_up(client):
                raise ClientGone
            client = None  # the client sent more (a pipelined request): stop watching it
        if out in ready:
            chunk = os.read(out, 1 << 16)
            if not chunk:
                raise WorkerDied
            self._buffer += chunk
        return client

    def _read_header(self, deadline: float, client: socket.socket | None = None) -> dict[str, object]:
        while b"\n" not in self._buffer:
            client = self._fill(deadline, client)
        line, _, rest = bytes(self._buffer).partition(b"\n")
        self._buffer = bytearray(rest)
        header = json.loads(line)
        assert isinstance(header, dict)
        return header

    def body(self, length: int, deadline: float) -> Iterator[bytes]:
        """The answer's body in pieces as they come down the pipe (the server never holds it whole)."""
        while length > 0:
            if not self._buffer:
                self._fill(deadline, None)
            piece = bytes(self._buffer[:length])
            del self._buffer[: len(piece)]
            length -= len(piece)
            yield piece

    def wait_ready(self, timeout: float) -> None:
        header = self._read_header(time.monotonic() + timeout)
        if not header.get("ready"):
            raise InputError(f"cannot open the store: {header.get('error')}")

    def ask(self, request: QueryRequest, timeout: float, client: socket.socket | None = None) -> Head:
        """Send a query; wait (up to timeout, watching the client) for its answer's header."""
        assert self.process.stdin is not None
        try:
            self.process.stdin.write(json.dumps(request).encode() + b"\n")
        except (BrokenPipeError, OSError):
            raise WorkerDied from None
        header = self._read_header(time.monotonic() + timeout, client)
        truncated = header.get("truncated")
        return Head(
            int(header["status"]),  # type: ignore[call-overload]
            str(header["media"]),
            int(header["length"]),  # type: ignore[call-overload]
            int(truncated) if isinstance(truncated, int) else None,
            bool(header.get("replace")),
        )

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

    def __init__(
        self, store_path: Path, size: int, timeout: float, memory_mb: int, max_rows: int, offline: bool = True
    ) -> None:
        self.store_path, self.size, self.timeout = store_path, size, timeout
        self.memory_mb, self.max_rows, self.offline = memory_mb, max_rows, offline
        self.idle: queue.Queue[Worker] = queue.Queue()
        self._requests: queue.Queue[int | None] = queue.Queue()
        self._started: queue.Queue[BaseException | None] = queue.Queue()
        self._all: set[Worker] = set()
        self._lock = threading.Lock()
        self._closed = threading.Event()
        self._serving = False  # after start(): failures are retried, not reported to start()
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
        self._serving = True

    def _spawn_one(self) -> tuple[InputError | None, bool]:
        """A new idle worker, or why not and whether trying again at start-up could help."""
        worker = Worker(self.store_path, self.memory_mb, self.max_rows, self.offline)
        with self._lock:
            self._all.add(worker)
        try:
            worker.wait_ready(SPAWN_TIMEOUT)
        except InputError as error:  # the worker said it cannot open the store
            self._discard(worker)
            return error, False
        except (WorkerDied, WorkerTimeout, ValueError) as error:
            self._discard(worker)
            if worker.out_of_memory():
                return InputError(
                    f"a query worker ran out of memory copying the store: --memory-mb {self.memory_mb} "
                    "is too small for this build"
                ), False
            detail = f": {worker.last_error}" if worker.last_error else ""
            return InputError(f"a query worker did not start ({type(error).__name__}{detail})"), True
        self.idle.put(worker)
        return None, False

    def _spawner(self) -> None:
        while self._requests.get() is not None:
            for attempt in itertools.count():
                if self._closed.is_set():
                    return
                error, transient = self._spawn_one()
                if error is None:
                    if attempt:
                        log("query worker started again")
                    if not self._serving:
                        self._started.put(None)
                    break
                if not self._serving and (attempt >= 4 or not transient):
                    self._started.put(error)
                    break
                delay = RETRY_DELAYS[min(attempt, len(RETRY_DELAYS) - 1)]
                log(f"{error}; retrying in {delay:g} s")
                if self._closed.wait(delay):
                    return

    def _discard(self, worker: Worker) -> None:
        worker.kill()
        with self._lock:
            self._all.discard(worker)

    def _replace(self, worker: Worker) -> None:
        self._discard(worker)
        if not self._closed.is_set():
            self._requests.put(1)

    def run(self, request: QueryRequest, respond: Respond, client: socket.socket | None = None) -> bool:
        """Answer one query through ``respond``; False when the client hung up first (its query is stopped).

        The body goes from the worker's pipe to ``respond`` in pieces within WRITE_DEADLINE; if sending
        fails or takes longer, the worker (holding the rest of the answer) is replaced and the error raised.
        """
        try:
            worker = self.idle.get(timeout=self.timeout)
        except queue.Empty:
            answer = Answer(503, "text/plain", b"all query workers are busy; try again later\n")
            respond(answer, len(answer.body), [answer.body])
            return True
        if client is not None and hung_up(client):  # it left while waiting for a worker: keep the worker
            self.idle.put(worker)
            return False
        try:
            head = worker.ask(request, self.timeout, client)
        except ClientGone:
            self._replace(worker)
            return False
        except (WorkerTimeout, WorkerDied, ValueError, KeyError) as error:
            self._replace(worker)
            answer = self._failure(worker, error)
            respond(answer, len(answer.body), [answer.body])
            return True
        if head.replace:  # a short note from a worker that must go: replaced before the client hears of it
            try:
                note = b"".join(worker.body(head.length, time.monotonic() + SPAWN_TIMEOUT))
            except (WorkerDied, WorkerTimeout):
                note = memory_note(self.memory_mb) + b"\n"
            self._replace(worker)
            respond(Answer(head.status, head.media, note), len(note), [note])
            return True
        try:
            answer = Answer(head.status, head.media, b"", head.truncated)
            respond(answer, head.length, worker.body(head.length, time.monotonic() + WRITE_DEADLINE))
        except BaseException:
            self._replace(worker)
            raise
        self.idle.put(worker)
        return True

    def _failure(self, worker: Worker, error: Exception) -> Answer:
        if isinstance(error, WorkerTimeout):
            return Answer(
                504,
                "text/plain",
                f"query timed out after {self.timeout:g} s and was stopped "
                "(kg serve --timeout sets the limit)\n".encode(),
            )
        if worker.out_of_memory():
            return Answer(507, "text/plain", memory_note(self.memory_mb) + b"; the worker was restarted\n")
        return Answer(500, "text/plain", b"query crashed the engine; the worker was restarted\n")

    def close(self) -> None:
        self._closed.set()
        self._requests.put(None)
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.kill()
