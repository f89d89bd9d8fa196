"""The parser's matrix products on numpy's own BLAS, held to one thread while it runs.

spaCy's default CPU backend multiplies with blis, whose wheel carries only a generic kernel
on some machines (the shared server's AMD EPYC among them): there the tok2vec layers ran at
about a quarter of the speed of numpy's bundled OpenBLAS, and they were most of the time
extraction spent. OpenBLAS starts a thread per core and its idle threads spin, which on a
shared machine costs more CPU than it saves, so the parse holds it to one thread (restored
afterwards). Where numpy's OpenBLAS cannot be found (another numpy build), the parser keeps
blis, as before."""

from __future__ import annotations

import contextlib
import ctypes
import threading
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path

_lock = threading.Lock()


@cache
def _thread_setter() -> Callable[[int], int] | None:
    """OpenBLAS's ``openblas_set_num_threads_local`` from numpy's wheel (it returns the
    previous count), or None when numpy was built against something else."""
    try:
        import numpy
    except ImportError:
        return None
    libs = Path(numpy.__file__).resolve().parent.parent / "numpy.libs"
    for path in sorted(libs.glob("lib*openblas*.so*")):
        try:
            fn = ctypes.CDLL(str(path)).openblas_set_num_threads_local
        except (OSError, AttributeError):
            continue
        fn.argtypes = [ctypes.c_int]
        fn.restype = ctypes.c_int
        return fn
    return None


def available() -> bool:
    """Can the parser multiply on numpy's OpenBLAS, held to one thread?"""
    return _thread_setter() is not None


@contextlib.contextmanager
def one_thread() -> Iterator[None]:
    """numpy's OpenBLAS on one thread for the block (a no-op where it is not available).
    The count is the library's, not the thread's: other threads' numpy work in the block
    runs on one thread too, which is what a 2-core shared machine wants anyway."""
    setter = _thread_setter()
    if setter is None:
        yield
        return
    with _lock:
        previous = setter(1)
        try:
            yield
        finally:
            setter(previous)
