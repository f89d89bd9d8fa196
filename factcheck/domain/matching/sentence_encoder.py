"""A BERT sentence encoder in numpy (all-MiniLM-L6-v2's architecture:
embeddings, post-norm transformer layers, mean pooling, unit length), so
semantic matching needs the model's weights and numpy, not a deep-learning
framework. Weights are given as a name -> array mapping, named as in
Hugging Face's BertModel."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float32]


@dataclass(frozen=True)
class EncoderShape:
    layers: int
    heads: int
    layer_norm_eps: float = 1e-12


def _erf(x: Array) -> Array:
    # Abramowitz & Stegun 7.1.26 (error below 1.5e-7, under float32's own
    # rounding of these activations): numpy has no erf, and the model was
    # trained with the exact GELU, not its tanh approximation.
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741
                + t * (-1.453152027 + t * 1.061405429))))
    return (sign * (1.0 - poly * np.exp(-a * a))).astype(np.float32)


def _gelu(x: Array) -> Array:
    return (0.5 * x * (1.0 + _erf(x / np.float32(np.sqrt(2.0))))).astype(np.float32)


def _layer_norm(x: Array, weight: Array, bias: Array, eps: float) -> Array:
    mean = x.mean(axis=-1, keepdims=True)
    variance = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return ((x - mean) / np.sqrt(variance + eps) * weight + bias).astype(np.float32)


def _linear(x: Array, weights: Mapping[str, Array], name: str) -> Array:
    # One 2-D product (tokens x features): numpy's stacked 3-D matmul is
    # several times slower than a single BLAS call.
    flat = x.reshape(-1, x.shape[-1]) @ weights[name + ".weight"].T + weights[name + ".bias"]
    return flat.reshape(*x.shape[:-1], -1).astype(np.float32, copy=False)


def encode_batch(weights: Mapping[str, Array], shape: EncoderShape,
                 batch: Sequence[Sequence[int]]) -> Array:
    """Unit-length sentence vectors (one row per token-id list)."""
    count, width = len(batch), max(len(ids) for ids in batch)
    ids = np.zeros((count, width), dtype=np.int64)
    mask = np.zeros((count, width), dtype=np.float32)
    for row, tokens in enumerate(batch):
        ids[row, :len(tokens)] = tokens
        mask[row, :len(tokens)] = 1.0
    eps = shape.layer_norm_eps
    hidden = (weights["embeddings.word_embeddings.weight"][ids]
              + weights["embeddings.position_embeddings.weight"][:width][None, :, :]
              + weights["embeddings.token_type_embeddings.weight"][0][None, None, :])
    hidden = _layer_norm(hidden, weights["embeddings.LayerNorm.weight"],
                         weights["embeddings.LayerNorm.bias"], eps)
    size = hidden.shape[-1]
    head = size // shape.heads
    # Padding gets a large negative score, so its softmax weight is zero.
    blocked = ((1.0 - mask) * np.float32(-1e9))[:, None, None, :]
    for layer in range(shape.layers):
        prefix = f"encoder.layer.{layer}."

        def heads(x: Array) -> Array:
            return np.ascontiguousarray(
                x.reshape(count, width, shape.heads, head).transpose(0, 2, 1, 3))

        query = heads(_linear(hidden, weights, prefix + "attention.self.query"))
        key = heads(_linear(hidden, weights, prefix + "attention.self.key"))
        value = heads(_linear(hidden, weights, prefix + "attention.self.value"))
        scores = query @ key.transpose(0, 1, 3, 2) / np.float32(np.sqrt(head)) + blocked
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        scores /= scores.sum(axis=-1, keepdims=True)
        context = (scores @ value).transpose(0, 2, 1, 3).reshape(count, width, size)
        attended = _linear(context, weights, prefix + "attention.output.dense")
        norm = prefix + "attention.output.LayerNorm"
        hidden = _layer_norm(attended + hidden, weights[norm + ".weight"],
                             weights[norm + ".bias"], eps)
        inner = _gelu(_linear(hidden, weights, prefix + "intermediate.dense"))
        out = _linear(inner, weights, prefix + "output.dense")
        hidden = _layer_norm(out + hidden, weights[prefix + "output.LayerNorm.weight"],
                             weights[prefix + "output.LayerNorm.bias"], eps)
    pooled = (hidden * mask[:, :, None]).sum(axis=1) / np.maximum(mask.sum(axis=1), 1.0)[:, None]
    norms = np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
    return (pooled / norms).astype(np.float32)
