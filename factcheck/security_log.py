"""The security log: sign-ins, failures, permission denials and CSRF
failures, one line per event, UTC times, no secrets.

Values that came from users are escaped, so a username with a newline in
it cannot forge a second record."""

from __future__ import annotations

import logging
import sys
import time

LOGGER_NAME = "factcheck.security"


class OneLineFilter(logging.Filter):
    """Fold the formatted message onto one line: control characters are
    shown escaped instead of breaking the record."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        record.msg = "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in message)
        record.args = None
        return True


class UTCFormatter(logging.Formatter):
    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        return time.strftime(datefmt or "%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))


def configure_security_log(level: int = logging.INFO) -> logging.Logger:
    logger = logging.getLogger(LOGGER_NAME)
    if not any(getattr(handler, "_factcheck", False) for handler in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler._factcheck = True  # type: ignore[attr-defined]
        handler.setFormatter(UTCFormatter("%(asctime)sZ %(levelname)s security %(message)s",
                                          datefmt="%Y-%m-%dT%H:%M:%S"))
        logger.addHandler(handler)
    if not any(isinstance(f, OneLineFilter) for f in logger.filters):
        logger.addFilter(OneLineFilter())
    logger.setLevel(level)
    return logger


def security_event(event: str, **fields: object) -> None:
    """Log ``event`` with key=value fields (repr-quoted, so nothing a user
    typed can look like another field)."""
    details = " ".join(f"{key}={value!r}" for key, value in fields.items())
    logging.getLogger(LOGGER_NAME).info("%s %s", event, details)
