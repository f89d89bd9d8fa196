"""People who use the desk.

- ``accounts``: creating users, signing in and out, roles, deactivation.
- ``passwords``: argon2id hashing.
"""
