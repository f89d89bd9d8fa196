"""Getting verdicts out.

- ``formats``: streamed CSV, JSON Lines and ClaimReview JSON-LD exports.
- ``query``: the rows an export reads, with its filters.
- ``chains``: attribution chains and corrections for a batch of rows.
- ``reports``: the printable verdict report of one article (HTML, Markdown).
- ``pdf``: the report as PDF, where WeasyPrint is installed.
"""
