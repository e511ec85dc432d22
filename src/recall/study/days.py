"""The learner's day: it starts at a set local hour (4 am by default), not at midnight."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo


def day_start(now: datetime, tz: tzinfo, hour: int) -> datetime:
    """The UTC moment the learner's current day began."""
    local = now.astimezone(tz)
    start = local.replace(hour=hour, minute=0, second=0, microsecond=0)
    if start > local:
        start -= timedelta(days=1)
    return start.astimezone(UTC)
