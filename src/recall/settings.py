"""Workspace settings, read from ``recall.toml``; every bad value is named by its key."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

_STEP = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd])\s*$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


#: how many weights FSRS (the ``fsrs`` package, version 6) takes
FSRS_PARAMETERS = 21


#: the words run_code takes besides true and false
RUN_CODE = ("auto", "unconfined")


class SettingsError(Exception):
    pass


@dataclass(frozen=True)
class Settings:
    desired_retention: float = 0.9
    new_per_day: int = 20
    max_reviews_per_day: int = 200
    learning_steps: tuple[timedelta, ...] = (timedelta(minutes=1), timedelta(minutes=10))
    relearning_steps: tuple[timedelta, ...] = (timedelta(minutes=10),)
    day_starts_at: int = 4  # local hour at which a new day of reviews begins
    maximum_interval: int = 36500
    #: FSRS weights fitted to this learner (``recall optimize``); empty means the defaults
    parameters: tuple[float, ...] = field(default=())
    #: run lessons' code on build, to check and complete predict-the-output cards: "auto" (in the
    #: sandbox, when there is one), True (the same, and asked for), False (never), "unconfined"
    run_code: bool | str = "auto"
    code_time_limit: float = 5.0
    #: the interpreter that runs lesson code (one with the lessons' libraries); "" means recall's own
    lesson_python: str = ""
    #: where the database is (SQLAlchemy URL); None: data/recall.sqlite3 in the workspace
    database_url: str | None = None


DEFAULT_TOML = """\
# recall settings for this workspace. Delete a line to get its default back.

# Share of reviews you want to get right; higher means more reviews (0.7 to 0.99).
desired_retention = 0.9

# New cards introduced per day, and the most reviews shown per day.
new_per_day = 20
max_reviews_per_day = 200

# Steps for cards being learned and relearned ("30s", "1m", "10m", "1h", "1d").
learning_steps = ["1m", "10m"]
relearning_steps = ["10m"]

# The hour (local time, 0-23) at which a new day of reviews starts.
day_starts_at = 4

# Run lessons' Python code on build, in a sandbox, to check "what does this print?" answers:
# "auto" (when bubblewrap is here), false (never), "unconfined" (no sandbox; see README).
run_code = "auto"
code_time_limit = 5
# The Python that runs lesson code, for lessons that need libraries recall does not (numpy...).
# lesson_python = "/usr/bin/python3"

# The database; by default a SQLite file in data/. To keep one history on several
# machines, point each at the same PostgreSQL database (see README):
# database_url = "postgresql+psycopg://me@desktop.local/recall"
"""


def parse_step(text: object, key: str) -> timedelta:
    found = _STEP.match(text) if isinstance(text, str) else None
    if not found:
        raise SettingsError(f"'{key}': {text!r} is not a step like \"1m\", \"10m\", \"1h\" or \"1d\"")
    value = timedelta(**{_UNITS[found.group(2)]: float(found.group(1))})
    if value <= timedelta(0):
        raise SettingsError(f"'{key}': a step must be longer than zero")
    return value


def load(path: Path) -> Settings:
    """Settings from ``path``; a missing file means all defaults."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings()
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError(f"{path}: cannot read ({exc})") from exc
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: not valid TOML: {exc}") from exc
    try:
        return from_dict(raw)
    except SettingsError as exc:
        raise SettingsError(f"{path}: {exc}") from None


def from_dict(raw: dict) -> Settings:
    known = set(Settings.__dataclass_fields__)
    unknown = sorted(set(raw) - known)
    if unknown:
        raise SettingsError(f"unknown setting '{unknown[0]}' (known: {', '.join(sorted(known))})")
    values: dict = {}

    def number(key: str, kind: type, low: float, high: float) -> None:
        if key not in raw:
            return
        value = raw[key]
        wrong_kind = kind is int and not isinstance(value, int)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or wrong_kind:
            raise SettingsError(f"'{key}' must be {'a whole number' if kind is int else 'a number'}, got {value!r}")
        if not low <= value <= high:
            raise SettingsError(f"'{key}' must be between {low} and {high}, got {value!r}")
        values[key] = kind(value)

    number("desired_retention", float, 0.7, 0.99)
    number("new_per_day", int, 0, 10_000)
    number("max_reviews_per_day", int, 0, 100_000)
    number("day_starts_at", int, 0, 23)
    number("maximum_interval", int, 1, 36500)
    number("code_time_limit", float, 0.5, 600)
    if "database_url" in raw:
        url = raw["database_url"]
        if not isinstance(url, str) or "://" not in url:
            raise SettingsError("'database_url' must be a database URL like "
                                f"\"postgresql+psycopg://me@host/recall\", got {url!r}")
        values["database_url"] = url.strip()
    if "run_code" in raw:
        if not isinstance(raw["run_code"], bool) and raw["run_code"] not in RUN_CODE:
            raise SettingsError(f"'run_code' must be \"auto\", true, false or \"unconfined\", got {raw['run_code']!r}")
        values["run_code"] = raw["run_code"]
    if "lesson_python" in raw:
        if not isinstance(raw["lesson_python"], str):
            raise SettingsError(f"'lesson_python' must be the path of a Python interpreter, "
                                f"got {raw['lesson_python']!r}")
        values["lesson_python"] = raw["lesson_python"]
    for key in ("learning_steps", "relearning_steps"):
        if key in raw:
            steps = raw[key]
            if not isinstance(steps, list):
                raise SettingsError(f"'{key}' must be a list of steps like [\"1m\", \"10m\"]")
            values[key] = tuple(parse_step(step, key) for step in steps)
    if "parameters" in raw:
        params = raw["parameters"]
        if not isinstance(params, list) or not all(isinstance(p, (int, float)) and not isinstance(p, bool)
                                                   for p in params):
            raise SettingsError("'parameters' must be a list of numbers (written by `recall optimize`)")
        if len(params) != FSRS_PARAMETERS:
            raise SettingsError(f"'parameters' holds {len(params)} numbers; FSRS takes {FSRS_PARAMETERS} "
                                "(delete the line to use the defaults, or run `recall optimize` again)")
        values["parameters"] = tuple(float(p) for p in params)
    return Settings(**values)
