"""The parser's BLAS: numpy's OpenBLAS on one thread while it parses, as it was found after."""

from __future__ import annotations

import pytest

from factcheck.domain.extraction import blas
from factcheck.domain.extraction.parse import nlp, parse


def test_the_parse_gives_numpys_blas_back_with_the_threads_it_had() -> None:
    setter = blas._thread_setter()
    if setter is None:
        pytest.skip("numpy here has no OpenBLAS of its own: the parser keeps blis")
    # every layer that multiplies does it on numpy (blis is spaCy's default)
    tok2vec = nlp().get_pipe("tok2vec").model
    assert not any(node.ops.use_blis for node in tok2vec.walk())
    found = setter(3)
    try:
        docs = parse(["The minister said the bridge would reopen in May."])
        assert [t.dep_ for t in docs[0] if t.lower_ == "said"] == ["ROOT"]
        assert setter(3) == 3  # (setting returns the count it replaces)
    finally:
        setter(found)
