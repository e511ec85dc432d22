"""Generated lessons for the benchmarks: copies of our own decks, every card distinct."""

from __future__ import annotations

import re
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]


def make_lessons(decks: Path, count: int) -> None:
    """Write ``count`` lessons into ``decks``, each a varied copy of one of our decks."""
    templates = sorted((PROJECT / "decks").glob("*.md"))
    texts = [t.read_text(encoding="utf-8") for t in templates]
    for n in range(count):
        text = texts[n % len(texts)]
        tag = f"{n:04d}"
        text = re.sub(r'^id: "([^"]+)"', rf'id: "\1-{tag}"', text, count=1, flags=re.M)
        text = re.sub(r"^prerequisites:\n(  - .*\n)+", "prerequisites: []\n", text, flags=re.M)
        # every copy distinct: prose, bullets, table keys and printed values carry the copy's tag
        text = re.sub(r"^([A-Z*`].+[.:])$", rf"\1 Copy {tag}.", text, flags=re.M)
        text = re.sub(r"^(- .+)$", rf"\1 (variant {tag})", text, flags=re.M)
        text = re.sub(r"^(\| (?!-)[^|]+?) \|", rf"\1 {tag} |", text, flags=re.M)
        text = re.sub(r"^(#+ (?!Key Takeaways|Common Mistakes).+)$", rf"\1 {tag}", text, flags=re.M)
        text = text.replace("```python\n", f"```python\n# copy {tag}\n")  # distinct code too
        (decks / f"{tag}.md").write_text(text, encoding="utf-8")
