"""Data to try the app with, kept out of the use cases it is made through.

- ``seed``: the demo desk (users, articles, reviews, verdicts), loaded once.
- ``reviews``: the demo's review history, made through the real services.
- ``synthetic``, ``synthetic_rows``: a large synthetic archive for load tests.
"""
