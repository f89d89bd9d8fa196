"""Password hashing with argon2id. Cost parameters are set once at start-up
(lower in tests, where speed matters more than brute-force resistance)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from factcheck.config import Settings
from factcheck.domain.passwords import MAX_LENGTH

# OWASP's recommended argon2id floor (19 MiB, 2 passes, 1 lane): strong
# against offline guessing, yet cheap enough that a newsroom signing in at
# 9 a.m. does not queue behind the hash. Hashes made with other settings
# still verify, and are upgraded at the next sign-in. The app sets them from
# its settings at start-up (Settings.argon2_*, whose defaults these are).
DEFAULT_TIME_COST = Settings().argon2_time_cost
DEFAULT_MEMORY_COST = Settings().argon2_memory_cost  # KiB
DEFAULT_PARALLELISM = Settings().argon2_parallelism

_hasher = PasswordHasher(time_cost=DEFAULT_TIME_COST, memory_cost=DEFAULT_MEMORY_COST,
                         parallelism=DEFAULT_PARALLELISM)
# Verified against when the account does not exist, so a wrong email and a
# wrong password take the same time.
_dummy_hash = _hasher.hash("not a real password, only for timing")


def configure_hasher(time_cost: int, memory_cost: int, parallelism: int) -> None:
    global _hasher, _dummy_hash
    _hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_cost,
                             parallelism=parallelism)
    _dummy_hash = _hasher.hash("not a real password, only for timing")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    # Overlong input is refused before any hashing work is done.
    if len(password) > MAX_LENGTH:
        return False
    try:
        return _hasher.verify(password_hash or _dummy_hash, password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)
