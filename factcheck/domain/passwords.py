"""Password policy: checked before any hashing happens."""

from __future__ import annotations

import unicodedata

MIN_LENGTH = 12
MAX_LENGTH = 128

# A short list of the passwords most often seen in breach corpora that are
# long enough to pass the length rule; refusing them costs users nothing.
_COMMON = frozenset(
    {
        "123456789012",
        "1234567890123",
        "12345678901234",
        "password1234",
        "password12345",
        "passwordpassword",
        "qwertyuiop12",
        "qwertyuiopasdf",
        "iloveyou1234",
        "letmein12345",
        "administrator",
        "welcome12345",
        "changeme1234",
        "aaaaaaaaaaaa",
        "abcdefghijkl",
        "abc123abc123",
        "111111111111",
        "000000000000",
        "football1234",
        "baseball1234",
        "sunshine1234",
        "factcheck123",
        "factchecker1",
        "trustno1trustno1",
        "correcthorsebatterystaple",
    }
)


class PasswordPolicyError(ValueError):
    pass


def check_password_policy(password: str, *, email: str = "") -> str:
    """Return the password unchanged if acceptable, else raise with a reason.

    Length is counted in characters after NFC normalization, so a password
    typed on two different keyboards counts the same.
    """
    normalized = unicodedata.normalize("NFC", password)
    if len(normalized) > MAX_LENGTH:
        raise PasswordPolicyError(f"Password must be at most {MAX_LENGTH} characters.")
    if len(normalized) < MIN_LENGTH:
        raise PasswordPolicyError(f"Password must be at least {MIN_LENGTH} characters.")
    lowered = normalized.casefold()
    if lowered in _COMMON:
        raise PasswordPolicyError("This password is too common; choose another.")
    local = email.split("@", 1)[0].casefold()
    if local and len(local) >= 4 and local in lowered:
        raise PasswordPolicyError("Password must not contain your email name.")
    return normalized
