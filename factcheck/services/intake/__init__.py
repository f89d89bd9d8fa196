"""Articles in, and reading them.

- ``text_input``: files, pasted HTML and fetched pages to plain text; the
  draft an editor checks before saving.
- ``fetch``: fetching a page by address, safely.
- ``articles``: saving an article (deduplicated) with its extracted claims
  and chains; reading one.
- ``reading``: what the article reading view shows.
"""
