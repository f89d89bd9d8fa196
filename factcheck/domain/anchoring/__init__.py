"""Finding claims again in a new revision of their article (pure domain).

Each claim is a text-quote selector (quote, prefix, suffix) plus a text
position (old start/end). ``reanchor`` answers, for every claim, one of:

- ``unchanged``: the same text at the same offsets;
- ``moved``: the same words elsewhere (or restyled: whitespace, curly
  quotes, dashes);
- ``changed``: the place is found but the words differ (old and new text);
- ``lost``: the claim's text is gone.

Only exact matches (after style normalisation) are reported unchanged or
moved, and only when the match is unambiguous: a wrong span reported as the
same text would silently carry a verdict onto words nobody checked. Anything
found approximately is ``changed`` and goes to a person.
"""

from __future__ import annotations

from factcheck.domain.anchoring.matching import Anchor, Outcome, Reanchored, reanchor
from factcheck.domain.anchoring.words import word_diff

__all__ = ["Anchor", "Outcome", "Reanchored", "reanchor", "word_diff"]
