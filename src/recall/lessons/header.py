"""The frontmatter of a lesson: python-frontmatter splits it, PyYAML reads it, we check it."""

from __future__ import annotations

import re

import frontmatter
import yaml

from recall.model import LessonError, Problem

_SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
_HANDLER = frontmatter.YAMLHandler()


def has_frontmatter(text: str) -> bool:
    return bool(_HANDLER.detect(text))


def split(text: str, file: str) -> tuple[dict, str, int]:
    """(the header as a mapping, the body, the number of file lines before the body)."""
    if not _HANDLER.detect(text):
        raise LessonError([Problem(file, 1, "no frontmatter: a lesson starts with a '---' block holding at least "
                                            "id and title")])
    try:
        fm, body = _HANDLER.split(text)
    except ValueError:
        raise LessonError([Problem(file, 1, "frontmatter is never closed: add a '---' line after it")]) from None
    try:
        meta = _HANDLER.load(fm)
    except yaml.YAMLError as exc:
        # where an unclosed construct began beats where the parser gave up
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1  # the YAML text starts on the '---' line
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise LessonError([Problem(file, line, f"frontmatter is not valid YAML: {reason}")]) from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise LessonError([Problem(file, 2, "frontmatter must be a mapping of keys (id: ..., title: ...)")])
    body_line = text[: len(text) - len(body)].count("\n")  # 0-based line where body starts
    return meta, body, body_line


def key_lines(text: str, body_line: int) -> dict[str, int]:
    """The line of each top-level key of the header."""
    out: dict[str, int] = {}
    for number, line in enumerate(text.splitlines()[:body_line], start=1):
        key, sep, _ = line.partition(":")
        if sep and key and not key[0].isspace() and key.strip() not in out:
            out[key.strip()] = number
    return out


def read(meta: dict, file: str, lines: dict[str, int], problems: list[Problem]) -> dict:
    """The header's values as Lesson fields; what is wrong goes to ``problems``."""

    def at(key: str) -> int:
        return lines.get(key, 1)

    def text_value(key: str, required: bool) -> str:
        value = meta.get(key)
        if value is None:
            if required:
                problems.append(Problem(file, 1, f"frontmatter has no '{key}'"))
            return ""
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            problems.append(Problem(file, at(key), f"'{key}' must be text, not {_kind(value)}"))
            return ""
        value = str(value).strip()
        if required and not value:
            problems.append(Problem(file, at(key), f"'{key}' is empty"))
        return value

    def slug_list(key: str) -> tuple[str, ...]:
        value = meta.get(key)
        if value is None:
            return ()
        if not isinstance(value, list):
            problems.append(Problem(file, at(key), f"'{key}' must be a list, not {_kind(value)}"))
            return ()
        out = []
        for item in value:
            if not isinstance(item, (str, int)) or isinstance(item, bool):
                problems.append(Problem(file, at(key), f"'{key}' holds {_kind(item)}; each entry must be text"))
                continue
            out.append(str(item).strip())
        return tuple(out)

    lesson_id = text_value("id", True)
    if lesson_id and not _SLUG.match(lesson_id):
        problems.append(Problem(file, at("id"), f"id '{lesson_id}' must be lower-case letters, digits and dashes"))
    concepts = slug_list("concepts")
    for concept in concepts:
        if not _SLUG.match(concept):
            problems.append(Problem(file, at("concepts"),
                                    f"concept '{concept}' must be a slug like 'global-interpreter-lock'"))
    return {
        "id": lesson_id,
        "title": text_value("title", True),
        "why": text_value("why", False),
        "concepts": concepts,
        "prerequisites": slug_list("prerequisites"),
    }


def _kind(value: object) -> str:
    return {dict: "a mapping", list: "a list", bool: "true/false"}.get(type(value), type(value).__name__)
