"""What the generators ask of sections: which are meta, and a section's own explanation."""

from __future__ import annotations

from recall.lessons import BulletList, Lesson, Paragraph, Section

TAKEAWAY_TITLES = ("key takeaways", "takeaways", "key points", "summary")
_META_TITLES = (*TAKEAWAY_TITLES, "common mistakes", "common pitfalls", "pitfalls", "exercises", "further reading",
                "cards", "see also")
_MAX_EXPLANATION = 700


def is_meta_section(section: Section) -> bool:
    """Sections about the lesson rather than one idea: takeaways, mistakes, cards."""
    return section.title.strip().casefold() in _META_TITLES


def takeaway_sections(lesson: Lesson) -> list[Section]:
    return [s for s in lesson.sections if s.title.strip().casefold() in TAKEAWAY_TITLES]


def has_prose(section: Section) -> bool:
    """Whether the section has a paragraph to explain it (what ``explanation`` would read)."""
    return any(isinstance(b, Paragraph) and b.source.strip() for b in section.blocks)


def explanation(section: Section) -> str:
    """The section's first prose (a paragraph or two, with a list that follows), as text.

    Code and tables are left out; a lead-in colon becomes a full stop when nothing
    of what it introduced is kept.
    """
    parts: list[str] = []
    paragraphs = 0
    for block in section.blocks:
        if isinstance(block, Paragraph):
            if paragraphs == 2 or (parts and sum(map(len, parts)) > 250):
                break
            parts.append(block.text)
            paragraphs += 1
        elif isinstance(block, BulletList) and parts:
            parts.append("\n".join(f"- {item.text}" for item in block.items))
        elif parts:
            break
    if parts and parts[-1].endswith(":"):
        parts[-1] = parts[-1][:-1].rstrip() + "."
    text = "\n".join(parts)
    if len(text) > _MAX_EXPLANATION:
        text = text[: _MAX_EXPLANATION].rsplit(" ", 1)[0] + " …"
    return text
