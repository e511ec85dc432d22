"""What the generators ask of sections: which are about the lesson rather than one idea."""

from __future__ import annotations

from recall.lessons import Lesson, Section

TAKEAWAY_TITLES = ("key takeaways", "takeaways", "key points", "summary")
MISTAKE_TITLES = ("common mistakes", "common pitfalls", "pitfalls", "mistakes", "gotchas", "common errors")
_META_TITLES = (*TAKEAWAY_TITLES, *MISTAKE_TITLES, "exercises", "further reading", "cards", "see also",
                "best practices", "summary", "recap", "next steps", "practice", "quiz")


def is_meta_section(section: Section) -> bool:
    """Sections about the lesson rather than one idea: takeaways, mistakes, cards."""
    return section.title.strip().casefold() in _META_TITLES


def takeaway_sections(lesson: Lesson) -> list[Section]:
    return [s for s in lesson.sections if s.title.strip().casefold() in TAKEAWAY_TITLES]


def mistake_sections(lesson: Lesson) -> list[Section]:
    return [s for s in lesson.sections if s.title.strip().casefold() in MISTAKE_TITLES]
