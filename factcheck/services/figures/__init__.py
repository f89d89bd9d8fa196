"""Figures kept current as the archive changes, instead of recounted.

- ``maintained``: what the home page, the source registry and the
  dashboard read from the counters (factcheck.models.figure_upkeep keeps
  them in each change's transaction).
- ``recount``: the same figures counted afresh with aggregate SQL.
- ``check``: ``factcheck figures verify`` and ``rebuild``.
"""
