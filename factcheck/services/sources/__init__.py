"""The source registry.

- ``registry``: matching names and aliases; creating, editing and merging
  sources.
- ``stats``: per-source figures (claims, share false or misleading, share
  also resting on anonymous sources).
"""
