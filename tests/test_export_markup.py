"""No lesson text becomes Anki markup: every card rendered by the real Anki shows the lesson's text, literally.

Anki reads its own markup in fields (clozes, hints, sounds, directives, LaTeX, MathJax);
each card is rendered with ``card.question()`` / ``card.answer()`` and checked for what
the lesson wrote, and for nothing Anki made of it.
"""

from __future__ import annotations

import html
import json
import re

import pytest

from conftest import PROJECT, query, write

pytest.importorskip("anki.collection")
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

from recall.export import markup

CORPUS = PROJECT.parent / "shared" / "corpus"

HOSTILE = r'''---
id: "01-hostile"
title: "Hostile {{c3::title}} [sound:t.mp3] a:::b"
concepts: [slicing]
---

# Hostile

## Slicing

Slicing with `seq[::-1]` reverses a sequence; {{c2::second}} and {{Front}} stay text, as do
[sound:evil.mp3], [anki:tts lang=en_US]spoken[/anki:tts], [latex]x^2[/latex], [$]y[/$],
`re.compile(r"\(\d+\)")` and <script>alert(1)</script>.

```python
data = [1, 2, 3]
print(data[::-1])  # [3, 2, 1]
print({"c1": "{{c1::x}}"})  # {'c1': '{{c1::x}}'}
```

## Picking

| Need | Use | Why |
|------|-----|-----|
| Reverse {{c4::it}} | `seq[::-1]` | [sound:why.mp3] plays nothing |
| Copy | `seq[:]` | A shallow copy |
| Hint | `{{std::vector}}` | Not Python at all |

## Key Takeaways

- Reverse a list with **seq[::-1]** in one step
- A literal `{{c2::second}}` in a takeaway makes no second card
- `{{std::vector}}` is C++, not Python
- Close a nested dict literal with `}}`
- A **[sound:evil.mp3]** tag is just text here

## Cards

Q: What does [sound:q.mp3] do in a recall card?
A: Nothing: {{Back}} and [anki:play:q:0] stay text.

C: Anki's hint separator is {{::}} inside a cloze.
'''

#: what the lesson above says that Anki would read as markup, each to be seen as written
LITERALS = [
    "{{c3::title}} [sound:t.mp3] a:::b", "seq[::-1]", "{{c2::second}} and {{Front}} stay text",
    "[sound:evil.mp3]", "[anki:tts lang=en_US]spoken[/anki:tts]", "[latex]x^2[/latex]", "[$]y[/$]",
    r're.compile(r"\(\d+\)")', "<script>alert(1)</script>", "print(data[::-1])", """{'c1': '{{c1::x}}'}""",
    "Need: Reverse {{c4::it}}. Use?", "[sound:why.mp3] plays nothing", "{{std::vector}}",
    "with seq[::-1] in one step", "A literal {{c2::second}} in a takeaway", "{{std::vector}} is C++",
    "dict literal with }}", "A [sound:evil.mp3] tag", "What does [sound:q.mp3] do",
    "Nothing: {{Back}} and [anki:play:q:0] stay text.", "hint separator is :: inside",
]
#: what Anki's markup looks like in rendered HTML, none of which an export may let through
MARKUP = re.compile(r"\{\{|\}\}|::|\[sound:|\[anki:|\[/?latex\]|\[/?\$|\\[(\[]|<script", re.IGNORECASE)


def shown(rendered: str) -> str:
    """The text a reader sees in rendered card HTML, whitespace collapsed."""
    rendered = re.sub(r"(?s)<style>.*?</style>", "", rendered)
    rendered = re.sub(r"(?i)<br>|</?(?:div|pre|li|ol|hr)[^>]*>", "\n", rendered)
    rendered = re.sub(r"<[^>]*>", "", rendered)
    rendered = re.sub(r"&#(\d+);", lambda m: chr(int(m[1])), rendered)
    return " ".join(html.unescape(rendered).split())


def imported(run, workspace, tmp_path) -> Collection:
    out = tmp_path / "out.apkg"
    result = run("export", "anki", "-o", str(out))
    assert result.exit_code == 0, result.output
    (tmp_path / "anki").mkdir()
    col = Collection(str(tmp_path / "anki" / "collection.anki2"))
    col.import_anki_package(ImportAnkiPackageRequest(
        package_path=str(out), options=ImportAnkiPackageOptions(merge_notetypes=True, with_scheduling=False)))
    return col


def rendered_cards(col: Collection) -> dict[str, tuple[str, str]]:
    """guid -> (question HTML, answer HTML) of each note's one card, checking there is one and no more."""
    cards = col.card_count()
    col.fix_integrity()  # Anki's Check Database: would make a card for every cloze number it finds
    assert col.card_count() == cards == len(col.find_notes(""))
    out = {}
    for note_id in col.find_notes(""):
        note = col.get_note(note_id)
        (card,) = note.cards()
        assert card.question_av_tags() == [] and card.answer_av_tags() == []  # nothing to play
        out[note.guid] = (card.question(), card.answer())
    return out


def test_no_lesson_text_becomes_anki_markup(workspace, run, tmp_path):
    write(workspace, "01-hostile.md", HOSTILE)
    col = imported(run, workspace, tmp_path)
    try:
        cards = rendered_cards(col)
        texts = " | ".join(shown(q) + " " + shown(a) for q, a in cards.values())
        for literal in LITERALS:
            assert literal in texts, literal
        for question, answer in cards.values():
            assert not MARKUP.search(re.sub(r"(?s)<style>.*?</style>", "", question + answer))
        clozes = {prompt: answer for prompt, answer in
                  query(workspace, "SELECT prompt, answer FROM cards WHERE form = 'cloze'")}
        assert len(clozes) == 6
        by_prompt = {shown(q): shown(a) for q, a in cards.values()}
        for prompt, answer in clozes.items():  # the gap shows [...] (no hint), the answer as written
            question = next(q for q in by_prompt if q.startswith(" ".join(prompt.split())))
            assert " ".join(prompt.replace("[...]", answer).split()) in by_prompt[question]
        names = [deck["name"] for deck in col.decks.all()]
        assert "recall::01 Hostile {{c3:title}} [sound:t.mp3] a:b" in names  # one level under recall
    finally:
        col.close()


def test_every_corpus_card_shows_its_own_text(workspace, run, tmp_path):
    """Lessons written elsewhere: every card imports as one card, plays nothing and shows its prompt and answer."""
    lessons = sorted(CORPUS.glob("*.md")) if CORPUS.is_dir() else []
    if not lessons:
        pytest.skip(f"the corpus lessons are outside inputs and are not here: {CORPUS} is missing")
    for path in lessons:
        write(workspace, path.name, path.read_text(encoding="utf-8"))
    col = imported(run, workspace, tmp_path)
    try:
        cards = rendered_cards(col)
        rows = query(workspace, "SELECT id, form, prompt, answer, choices, explanation FROM cards "
                                "WHERE status = 'active'")
        assert len(rows) == len(cards) > 400  # every lesson made cards, not a few
        for card_id, form, prompt, answer, choices, explanation in rows:
            question, revealed = (shown(side) for side in cards[card_id])
            assert " ".join(prompt.split()) in question, card_id
            for option in json.loads(choices):
                assert " ".join(option.split()) in question, card_id
            assert " ".join(explanation.split()) in revealed, card_id
            if form == "cloze":
                prompt = prompt.replace("[...]", answer) if "[...]" in prompt else f"{prompt} {answer}"
                assert " ".join(prompt.split()) in revealed, card_id
            else:
                assert " ".join(answer.split()) in revealed, card_id
    finally:
        col.close()


@pytest.mark.parametrize("text", ["{{c1::a::b}}", "[sound:x.mp3]", "a:::b", "\\(x\\)", "<b>&amp;</b>", "x\x1fy",
                                  "image-occlusion:rect", "[anki:tts]t[/anki:tts]"])
def test_escaping_works_character_by_character(text):
    """Escaped pieces are as safe joined as the whole (the highlighter escapes piece by piece)."""
    whole = markup.text(text)
    assert "".join(markup.text(char) for char in text) == whole
    assert not re.search(r"[{}\[:\\\x1f<>]", whole.replace("&lt;", "").replace("&gt;", ""))
    assert html.unescape(re.sub(r"&#(\d+);", lambda m: chr(int(m[1])), whole)) == text

