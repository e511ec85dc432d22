"""Fit FSRS to the learner's own review log with fsrs-rs (the engine Anki uses, no torch).

Reviews are grouped per card into fsrs-rs items (each answer with the days since the one
before). Cards are split into a training and a held-out part; default and fitted
parameters are both scored on the held-out answers (log loss, RMSE over bins).
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from datetime import timedelta, tzinfo
from pathlib import Path

from recall import settings
from recall.store import history
from recall.store.database import Database
from recall.study.scheduling import scheduler

MIN_REVIEWS = 400
HELD_OUT = 0.2


@dataclass(frozen=True)
class Score:
    log_loss: float
    rmse: float


@dataclass(frozen=True)
class Fit:
    reviews: int
    parameters: list[float] | None  # None: too little history, defaults kept
    default: Score | None = None
    fitted: Score | None = None
    train_items: int = 0
    test_items: int = 0

    @property
    def better(self) -> bool:
        return bool(self.fitted and self.default and self.fitted.log_loss < self.default.log_loss)


def histories(db: Database, tz: tzinfo, day_starts_at: int = 4) -> dict[str, list[tuple[int, int]]]:
    """card id -> [(rating, learner's day number)] in answer order; days start at ``day_starts_at`` in ``tz``."""
    out: dict[str, list[tuple[int, int]]] = {}
    shift = timedelta(hours=day_starts_at)
    for card_id, reviewed_at, rating in history.answers(db):
        day = (reviewed_at.astimezone(tz) - shift).date().toordinal()
        out.setdefault(card_id, []).append((rating, day))
    return out


def items(answers: list[tuple[int, int]]) -> list:
    """The fsrs-rs items of one card: each prefix of its answers that ends on a later day."""
    from fsrs_rs_python import FSRSItem, FSRSReview

    reviews, deltas, previous = [], [], None
    for rating, day in answers:
        deltas.append(0 if previous is None else day - previous)
        reviews.append(FSRSReview(rating, deltas[-1]))
        previous = day
    return [FSRSItem(reviews[:end]) for end in range(2, len(reviews) + 1) if deltas[end - 1] > 0]


def _held_out(card_id: str) -> bool:
    return hashlib.blake2b(card_id.encode(), digest_size=2).digest()[0] < 256 * HELD_OUT


def fit(db: Database, tz: tzinfo, day_starts_at: int = 4) -> Fit:
    by_card = histories(db, tz, day_starts_at)
    total = sum(len(h) for h in by_card.values())
    if total < MIN_REVIEWS:
        return Fit(total, None)
    from fsrs_rs_python import DEFAULT_PARAMETERS, FSRS

    train: list = []
    test: list = []
    for card_id, answers in by_card.items():
        (test if _held_out(card_id) else train).extend(items(answers))
    if not train or not test:
        return Fit(total, None)
    fitted = list(FSRS(DEFAULT_PARAMETERS).compute_parameters(train))

    def score(parameters) -> Score:
        evaluation = FSRS(parameters).evaluate(test)
        return Score(evaluation.log_loss, evaluation.rmse_bins)

    return Fit(total, fitted, score(DEFAULT_PARAMETERS), score(fitted), len(train), len(test))


COMMENT = "# FSRS parameters fitted to your reviews by `recall optimize` (delete them to use the defaults)."


def write_parameters(settings_path: Path, parameters: list[float]) -> None:
    """Store fitted parameters in recall.toml, replacing earlier ones and keeping every other line.

    The new file is read back and a scheduler made from it before it replaces the old
    one: parameters FSRS would refuse never reach the settings (SettingsError says why).
    """
    text = settings_path.read_text(encoding="utf-8") if settings_path.exists() else ""
    kept = [line for line in text.splitlines() if not line.strip().startswith("parameters") and line != COMMENT]
    while kept and not kept[-1].strip():
        kept.pop()
    rounded = ", ".join(f"{p:.4f}" for p in parameters)
    new_text = "\n".join([*kept, "", COMMENT, f"parameters = [{rounded}]"]) + "\n"
    try:
        scheduler(settings.from_dict(tomllib.loads(new_text)))
    except ValueError as exc:  # what fsrs says of parameters it cannot use
        raise settings.SettingsError(str(exc)) from None
    partial = settings_path.with_name(settings_path.name + ".partial")
    try:
        partial.write_text(new_text, encoding="utf-8")
        partial.replace(settings_path)
    finally:
        partial.unlink(missing_ok=True)
