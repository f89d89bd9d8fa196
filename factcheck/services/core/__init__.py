"""What every use case shares.

- ``actors``: who is acting (a signed-in user or the system) and ``require``.
- ``errors``: the errors a service raises (not found, denied, conflict, invalid).
- ``session``: the session type services accept.
- ``search``: "contains this text" for search boxes.
"""
