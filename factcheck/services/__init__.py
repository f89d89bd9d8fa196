"""Use cases, grouped by capability. Each takes the acting user and a
session, checks permission, changes state, writes its audit event and
flushes. Callers commit.

- ``core``: who is acting, the errors services raise, the session type,
  transactions, search boxes.
- ``audit``: the tamper-evident trail and reading it back.
- ``intake``: articles in (files, pasted HTML, fetched pages) and the
  reading view.
- ``claims``: editing claims and their attribution chains; the claim list.
- ``review``: the life cycle of a claim: workflow, reviews, verdicts,
  queues and notifications.
- ``sources``: the source registry and its figures.
- ``dashboard``: the editors' dashboard and the home page's overview.
- ``exports``: bulk exports and the article verdict report.
- ``users``: accounts and passwords.
"""
