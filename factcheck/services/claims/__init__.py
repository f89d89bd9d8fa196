"""Claims and what they rest on.

- ``editing``: boundaries, split, merge, kind, not-a-claim, a claim from a
  selection; reading one claim.
- ``attributions``: the hops of a claim's attribution chains.
- ``listing``: the filterable claim list behind every dashboard number.
"""
