"""Code cards checked against what Python really printed (pure: the runs are given).

Documented outputs that disagree are reported and replaced by the real output; blocks
that print but document nothing become new cards; output that changes between two
runs never becomes an exact answer; blocks that hang or crash are reported.
"""

from __future__ import annotations

import random
import re
from dataclasses import replace
from typing import Any

from recall.derive import ids
from recall.grading import matches
from recall.model import (
    BLOCK_PROMPT,
    ERROR_PROMPT,
    CardSpec,
    CodeResult,
    CodeRun,
    Form,
    Problem,
    QuietBlock,
    Source,
    warning,
)

#: outputs with at least this many lines are asked as "which order?" multiple choice
CHOICE_FROM_LINES = 3
_TRACE_LINE = re.compile(r'main\.py", line (\d+)')


def codes(cards: list[CardSpec], blocks: tuple[QuietBlock, ...]) -> list[str]:
    """Every piece of code a lesson needs run."""
    return [c.code for c in cards if c.source == "code" and c.code] + [b.code for b in blocks]


def verify(lesson_id: str, file: str, cards: list[CardSpec], blocks: tuple[QuietBlock, ...],
           results: dict[str, CodeResult], time_limit: float) -> tuple[list[CardSpec], list[Problem]]:
    out: list[CardSpec] = []
    problems: list[Problem] = []
    for card in cards:
        result = results.get(card.code) if card.source == "code" else None
        if result is None:
            out.append(card)
            continue
        trouble = _trouble(result, time_limit)
        if trouble:
            problems.append(warning(file, card.line, f"{trouble}; no card for this output"))
            continue
        actual = _actual(card.prompt, result.first)
        if actual is None:
            problems.append(warning(file, card.line, f"documented {card.answer!r}, but Python printed nothing "
                                                     f"there ({_summary(result.first)})"))
            continue
        if not matches(actual, card.answer):
            problems.append(warning(file, card.line, f"documented {card.answer}, Python printed {actual}"))
            card = replace(card, answer=actual)
        out.append(card)
    for block in blocks:
        result = results[block.code]
        trouble = _trouble(result, time_limit)
        if trouble:
            problems.append(warning(file, block.line, f"{trouble}; no card from this block"))
            continue
        made = _new_card(lesson_id, file, block, result.first)
        if isinstance(made, str):
            if made:
                problems.append(warning(file, block.line, made))
        else:
            out.append(made)
    out.sort(key=lambda c: (c.source == "concept" and c.form == "choice", c.line))
    return out, problems


def _trouble(result: CodeResult, time_limit: float) -> str | None:
    run = result.first
    if run.status == "timeout" or result.second.status == "timeout":
        return f"stopped at its {time_limit:g} s time limit (an endless loop or a deadlock?)"
    if run.status in ("killed", "too-much-output"):
        return f"stopped: {'it printed too much' if run.status == 'too-much-output' else 'killed by a limit'}"
    if not result.deterministic:
        return "output differs between two runs (timing, ids, hashes or thread order)"
    return None


def _actual(prompt: str, run: CodeRun) -> str | None:
    if prompt == ERROR_PROMPT:
        return run.error_line if run.status == "error" else None
    if run.status != "ok":
        return None
    text = run.stdout.rstrip("\n")
    if prompt == BLOCK_PROMPT:
        return text or None
    lines = text.split("\n")
    return lines[-1] if text else None


def _summary(run: CodeRun) -> str:
    return run.error_line if run.status == "error" else f"it ran with status {run.status}"


def _new_card(lesson_id: str, file: str, block: QuietBlock, run: CodeRun) -> CardSpec | str:
    card_id = ids.card_id(lesson_id, "code", ids.normalise(block.section), str(block.position), "run")
    common: dict[str, Any] = dict(id=card_id, lesson=lesson_id, source=Source.CODE, file=file, section=block.section,
                                  code=block.code.rstrip("\n"))
    if run.status == "error":
        raised_at = [int(n) for n in _TRACE_LINE.findall(run.stderr)]
        last = _last_statement_line(block.code)
        if raised_at and raised_at[-1] == last:  # the block ends in the error it shows
            return CardSpec(form=Form.TYPED, prompt=ERROR_PROMPT, answer=run.error_line, line=block.line + last,
                            **common)
        return f"block raised {run.error_line} at its line {raised_at[-1] if raised_at else '?'}; no card"
    text = run.stdout.rstrip("\n")
    if not text:
        return ""
    lines = text.split("\n")
    if len(lines) < CHOICE_FROM_LINES:
        return CardSpec(form=Form.TYPED, prompt=BLOCK_PROMPT, answer=text, line=block.line + 1, **common)
    answer = " | ".join(lines)
    options = {answer}
    rng = random.Random(block.code)
    for _ in range(50):
        if len(options) == 4:
            break
        shuffled = lines[:]
        rng.shuffle(shuffled)
        options.add(" | ".join(shuffled))
    if len(options) < 2:
        return CardSpec(form=Form.TYPED, prompt=BLOCK_PROMPT, answer=text, line=block.line + 1, **common)
    return CardSpec(form=Form.CHOICE, prompt="In what order does this code print its lines?", answer=answer,
                    choices=tuple(sorted(options)), line=block.line + 1, **common)


def _last_statement_line(code: str) -> int:
    lines = code.rstrip("\n").split("\n")
    for number in range(len(lines), 0, -1):
        stripped = lines[number - 1].strip()
        if stripped and not stripped.startswith("#"):
            return number
    return 0
