"""The time source of the job domain.

BSON dates carry milliseconds, so every timestamp is truncated to the
millisecond before it is stored: the in-process store then returns exactly what
MongoDB would, and pagination cursors built from `created` compare equal in both.
Stores accept a clock callable so tests can move time instead of sleeping.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]


def to_millis(value: datetime) -> datetime:
    """`value` in UTC, truncated to the millisecond (naive values are taken as UTC)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    value = value.astimezone(UTC)
    return value.replace(microsecond=value.microsecond - value.microsecond % 1000)


def utc_now() -> datetime:
    return to_millis(datetime.now(UTC))
