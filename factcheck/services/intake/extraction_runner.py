"""Extraction of user-submitted text, with a hard time limit.

Extraction runs in persistent worker processes (each loads the extraction
code and any language model once, then serves one text at a time). A text
that takes longer than the limit gets its worker killed and replaced, and
fails alone with a clear message: a hostile article used to freeze the
whole web process, and every request with it.

The shell's import and the demo call ``extract`` directly: they are not
reached by strangers, and a person watching can stop them."""

from __future__ import annotations

import atexit
import multiprocessing
import os
import queue
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection

from factcheck.config import Settings
from factcheck.domain.extraction import Extraction
from factcheck.services.core.errors import ValidationFailed

# Spawned, not forked: a fork of a threaded web server can inherit a lock
# held by another thread, and with it a deadlock.
_CONTEXT = multiprocessing.get_context("spawn")

# (name, aliases) of the registry's sources, as ``extract`` takes them.
KnownSources = Sequence[tuple[str, Sequence[str]]]


@dataclass(frozen=True)
class ExtractionLimits:
    seconds: float = 30.0  # for one text, once a worker has it
    workers: int = 2  # texts extracted at once per web process
    startup_seconds: float = 120.0  # a new worker importing its model


class ExtractionTooSlow(ValidationFailed):
    pass


def _serve(connection: Connection) -> None:
    """The worker: import once and load the parser, say so, then extract
    texts until told to stop. The model loads before "ready", so its start-up
    counts against ``startup_seconds``, never against a text's time limit."""
    from factcheck.domain.extraction import extract
    from factcheck.domain.extraction.parse import nlp

    nlp()
    connection.send(("ready", None))
    while True:
        try:
            job = connection.recv()
        except EOFError:
            return
        if job is None:
            return
        text, known = job
        try:
            connection.send(("ok", extract(text, known_sources=known)))
        except Exception as error:  # reported to the person; the worker lives on
            connection.send(("error", f"{type(error).__name__}: {error}"))


class _Worker:
    def __init__(self) -> None:
        self.connection, child = _CONTEXT.Pipe()
        self.process = _CONTEXT.Process(target=_serve, args=(child,), daemon=True,
                                        name="factcheck-extraction")
        self.process.start()
        child.close()
        self.ready = False

    def run(self, text: str, known: KnownSources, limits: ExtractionLimits) -> Extraction:
        if not self.ready:
            if not self.connection.poll(limits.startup_seconds):
                raise ValidationFailed("Extraction is not available right now; try again.")
            self.connection.recv()
            self.ready = True
        self.connection.send((text, [(name, list(aliases)) for name, aliases in known]))
        if not self.connection.poll(limits.seconds):
            raise ExtractionTooSlow(
                f"Finding the claims in this text took longer than {limits.seconds:g} seconds, "
                "so it was stopped. Nothing was saved. Check that it is an ordinary article "
                "(not a dump of data or one endless sentence) or split it into parts.")
        kind, value = self.connection.recv()
        if kind != "ok":
            raise ValidationFailed(f"Claims could not be extracted from this text ({value}).")
        assert isinstance(value, Extraction)
        return value

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.connection.close()


class ExtractionPool:
    """Workers for one web process, started when first needed."""

    def __init__(self, limits: ExtractionLimits) -> None:
        self.limits = limits
        self._idle: queue.Queue[_Worker | None] = queue.Queue()
        for _ in range(max(1, limits.workers)):
            self._idle.put(None)  # a slot; its worker starts on first use

    def extract(self, text: str, known: KnownSources = ()) -> Extraction:
        try:
            worker = self._idle.get(timeout=self.limits.seconds + self.limits.startup_seconds)
        except queue.Empty:
            raise ValidationFailed("Every extraction worker is busy; try again in a moment."
                                   ) from None
        try:
            worker = worker or _Worker()
            result = worker.run(text, known, self.limits)
        except BaseException:
            # Whatever went wrong (a timeout, a crash), the worker may be
            # mid-text: it is not reused.
            if worker is not None:
                worker.stop()
            self._idle.put(None)
            raise
        self._idle.put(worker)
        return result

    def close(self) -> None:
        while True:
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                return
            if worker is not None:
                worker.stop()


_pools: dict[tuple[int, ExtractionLimits], ExtractionPool] = {}
_pools_lock = threading.Lock()


def pool_for(limits: ExtractionLimits) -> ExtractionPool:
    """One pool per process and settings (a forked server process makes its own)."""
    key = (os.getpid(), limits)
    with _pools_lock:
        found = _pools.get(key)
        if found is None:
            found = _pools[key] = ExtractionPool(limits)
        return found


def extract_limited(text: str, known: KnownSources, limits: ExtractionLimits) -> Extraction:
    return pool_for(limits).extract(text, known)


@atexit.register
def _close_pools() -> None:
    for key, pool in list(_pools.items()):
        if key[0] == os.getpid():
            pool.close()


def limits_from(settings: Settings) -> ExtractionLimits:
    return ExtractionLimits(seconds=settings.extraction_timeout,
                            workers=settings.extraction_workers)
