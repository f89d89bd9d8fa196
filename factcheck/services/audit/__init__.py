"""The tamper-evident audit trail.

- ``trail``: record an event in the caller's transaction; verify the chain;
  its head.
- ``queries``: the admin's audit log with filters; one article's or claim's
  history.
"""
