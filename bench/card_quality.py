"""How the cards recall makes of a folder of lessons fare against the rubric (../shared/CARDS.md).

Prints lessons built, cards per kind, concepts matched, and the cards failing each rule
that can be checked mechanically. The checks are written here on their own, not taken
from the generators: a second reading of the same cards. Predict-the-output cards are
counted but not checked (running their code checks them; see bench/run_code.py).

    python bench/card_quality.py ../shared/corpus decks ../shared/seeds
    python bench/card_quality.py decks --show lead-in          # the cards failing one rule
    python bench/card_quality.py ../shared/corpus --sample 100 --seed 15   # cards to read and rate
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import traceback
from collections import Counter
from pathlib import Path

from recall.build.analyse import analyse
from recall.derive import derive
from recall.lessons import Lesson, Paragraph, Section, decode, parse_lesson
from recall.model import GAP, CardSpec, LessonError

STOP = set("""a an the of to in on for with and or but is are be as by at it its this that these those from into
than then so not no can do does was were will would should could may might has have had you your we our they
their there here what which who when where why how all any some each every more most very just also only such
use uses used using""".split())
ARTICLE_GAP = re.compile(r"(?:^|\s)(?:a|an|An|A)\s+\[\.\.\.\]")
BARE_NEIGHBOUR = r"[\w.]+(?:\(\))?"
LIST_GAP = re.compile(rf"(?:{BARE_NEIGHBOUR}, \[\.\.\.\], {BARE_NEIGHBOUR})|(?:{BARE_NEIGHBOUR}, "
                      rf"{BARE_NEIGHBOUR}, (?:and |or )?\[\.\.\.\](?:$|[\s.;:)]))")
LEAD_IN_START = re.compile(r"^(here|there (is|are)|let's|let us|consider|for example|below|the following|now,)\b",
                           re.IGNORECASE)
RAW = re.compile(r"\*\*[^*\s][^*]*\*\*|`[^`\s][^`]*`|\[[^\]]*\]\([^)]*\)|&(?:amp|lt|gt|quot|#\d+);|<(?:b|i|code|br)>")
CODE_LINE = re.compile(r"^\s*(?:def |class |if |for |while |with |try:|import |from |#|@|[\w.\[\]]+\s*=|\w+\()")
COMPLEXITY = re.compile(r"^O\(.*\)$")
#: words a label may add to name what kind of thing it is ("the yield keyword")
KINDS = {"keyword", "statement", "module", "operator", "protocol", "decorator", "function", "method"}


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def content(text: str) -> list[str]:
    return [w for w in words(text) if w not in STOP and len(w) > 2]


def akin(a: str, b: str) -> bool:
    """The same word as far as a reader goes: equal, or sharing their first five letters (four if shorter)."""
    n = min(5, len(a), len(b))
    return a == b or (n >= 4 and a[:n] == b[:n])


def lesson_text(lesson: Lesson) -> str:
    parts = []
    for section in lesson.sections:
        parts.append(section.title)
        parts.extend(b.text for b in section.blocks if isinstance(b, Paragraph))
        parts.extend(item.text for b in section.blocks for item in getattr(b, "items", ()))
    return " ".join(parts).lower()


def section_of(lesson: Lesson, title: str) -> Section | None:
    return next((s for s in lesson.sections if s.title == title), None)


def is_code(text: str) -> bool:
    """An answer that is code, shown as code (a mistake's lines): its backticks and colons are Python's."""
    lines = [line for line in text.split("\n") if line.strip()]
    return bool(lines) and sum(1 for line in lines if CODE_LINE.match(line)) * 2 >= len(lines)


def marked_as_code(card: CardSpec, answer: str) -> bool:
    """Whether the lesson wrote the answer as `code` on the card's line."""
    try:
        line = Path(card.file).read_text(encoding="utf-8").splitlines()[card.line - 1]
    except (OSError, IndexError):
        return False
    return f"`{answer}`" in line


def failures(card: CardSpec, lesson: Lesson, cards: list[CardSpec]) -> list[str]:
    """The rules this card breaks."""
    out = []
    prompt, answer = card.prompt.strip(), card.answer.strip()
    if not prompt or not answer:
        out.append("empty side")
    for text in (prompt, answer, card.explanation):
        if RAW.search(text) and not is_code(text):
            out.append("markup shown raw")
            break
    if answer.endswith(("…", "...")) or prompt.endswith("…"):
        out.append("truncated")
    if ".." in prompt.replace("...", "").replace("[...]", ""):
        out.append("double stop")
    if len(answer) > 450:
        out.append("answer too long to recall")
    if card.form == "cloze":
        out += cloze_failures(prompt, answer, lesson, marked_as_code(card, answer))
    if card.form == "choice":
        out += choice_failures(card)
    if card.form == "flip" and card.source in ("concept", "contrast", "purpose", "mistake") and not is_code(answer):
        first = answer.split("\n", 1)[0]
        listed = "\n- " in answer
        if (first.endswith(":") and not listed) or LEAD_IN_START.search(first) or first.endswith(("?", "...")):
            out.append("lead-in as answer")
        asked = set(content(prompt))
        said = content(re.sub(r"(?m)^[^:\n]{1,30}:\s", "", answer))  # "Array: O(1)": the label is the prompt's
        if said and all(any(akin(w, a) for a in asked) for w in said):
            out.append("answer readable off the prompt")
    if card.explanation and (re.search(r"\bsee [“\"']", card.explanation) or
                             words(card.explanation) == words(answer)):
        out.append("explanation adds nothing")
    if card.source == "concept":
        out += concept_failures(card, lesson, cards)
    return out


def cloze_failures(prompt: str, answer: str, lesson: Lesson, code: bool) -> list[str]:
    out = []
    if prompt.count(GAP) != 1:
        out.append("cloze without exactly one gap")
    said = words(answer)
    if not said and not answer.strip():
        out.append("empty side")
    elif said and all(w in STOP for w in said) and not code:
        out.append("gap on a stop word")
    rest = words(prompt.replace(GAP, " "))
    if code:  # `return` beside "returns None" tells; sorted() beside sort() is the question itself
        if len(said) == 1 and any(w.rstrip("s") == said[0].rstrip("s") for w in rest):
            out.append("gap answer visible in the prompt")
    elif len(said) == 1 and len(said[0]) >= 4 and any(akin(said[0], w) for w in rest):
        out.append("gap answer visible in the prompt")
    if ARTICLE_GAP.search(prompt):
        out.append("article gives the gap away")
    if LIST_GAP.search(prompt):
        out.append("gap on one member of a list")
    before = prompt.split(GAP, 1)[0].split()
    if before and said and before[-1].lower() not in STOP and re.fullmatch(r"[A-Za-z-]+", before[-1]):
        phrase = f"{before[-1].lower()} {said[0]}"
        headings = " | ".join(s.title.lower() for s in lesson.sections)
        if phrase in headings:
            out.append("gap on half of a fixed phrase")
    return out


def choice_failures(card: CardSpec) -> list[str]:
    out = []
    options = [o.strip() for o in card.choices]
    if card.source != "authored" and len(options) < 3:
        out.append("choice with fewer than three options")
    if card.answer not in card.choices:
        out.append("answer not among the options")
    normal = [o if re.search(r"[^\w\s]", o) and " " not in o else " ".join(words(o)) or o for o in options]
    if len(set(normal)) != len(normal) and len(set(options)) != len(options):
        out.append("the same option twice")
    mine = " ".join(words(card.answer))
    for option, n in zip(options, normal):
        if option == card.answer.strip() or not mine or not n or n == option:
            continue  # code options (\\d and \\D, "r" and "r+") differ by case and signs, and are compared as written
        if COMPLEXITY.match(option) and COMPLEXITY.match(card.answer.strip()):
            continue
        if f" {mine} " in f" {n} " or f" {n} " in f" {mine} ":
            out.append("a wrong option holds the answer (or the answer it)")
            break
        if bool(COMPLEXITY.match(option)) != bool(COMPLEXITY.match(card.answer.strip())):
            out.append("a wrong option of another shape")
            break
    return out


def concept_failures(card: CardSpec, lesson: Lesson, cards: list[CardSpec]) -> list[str]:
    out = []
    concept = card.concepts[0] if card.concepts else None
    section = section_of(lesson, card.section)
    if concept is None or section is None:
        return ["concept card without its concept or section"]
    taught = words(section.title) + [w for b in section.blocks if isinstance(b, Paragraph) for w in words(b.text)]
    named = [w for w in concept.split("-") if w not in STOP and len(w) > 2]
    if named and not any(akin(w, t) for w in named for t in taught):
        out.append("concept paired with a section that teaches something else")
    if card.form == "flip":
        label = card.prompt.split(":", 1)[-1].strip().rstrip("?")
        label = re.sub(r"^What (?:is the rule for|is the syntax of|does each letter of|are the \w+ of|is|are) "
                       r"|\s+stand for\?$", "", card.prompt).rstrip("?") if card.prompt.startswith("What") else label
        said = words(re.sub(r"\s*\([A-Z]+\)$", "", label))
        text = lesson_text(lesson)
        heading = words(section.title)
        # the slug's words where the heading joins them ("indexing slicing" under "Indexing and Slicing"),
        # or a word the lesson never uses
        joined = len(said) > 1 and " ".join(said) not in " ".join(heading) and \
            re.search(r"\b" + r"\w*\s+(?:and|or|of|with|vs|in|the)\s+".join(map(re.escape, said)), " ".join(heading))
        known = set(words(text))
        strange = [w for w in said if len(w) > 2 and w not in KINDS and not any(akin(w, t) for t in known)]
        if joined or strange:
            out.append("label nobody would say")
    if card.form == "choice":
        flip = next((c for c in cards if c.source == "concept" and c.form == "flip" and c.section == card.section),
                    None)
        shown = card.prompt.split("\n\n", 1)[-1]
        if flip is not None and content(shown.replace("＿＿＿", " ")) == content(flip.answer):
            out.append("two cards ask the same thing")
        if any(w in words(shown) for w in words(card.answer) if len(w) > 3):
            out.append("masked name still visible")
    return out


def files(folders: list[str]) -> list[Path]:
    out = []
    for folder in folders:
        path = Path(folder)
        out.extend(sorted(path.rglob("*.md")) if path.is_dir() else [path])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", help="folders (or files) of lessons")
    parser.add_argument("--show", metavar="RULE", help="print the cards failing rules whose name contains RULE")
    parser.add_argument("--sample", type=int, default=0, help="print this many random cards (code cards aside)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    built, tracebacks, not_lessons = 0, 0, 0
    kinds: Counter[str] = Counter()
    failed: Counter[str] = Counter()
    shown: list[str] = []
    declared = matched = reported = 0
    everything: list[CardSpec] = []
    for path in files(args.folders):
        name = str(path)
        result = analyse(name, path.read_bytes(), "")
        if any("could not make cards" in p.message or "could not read" in p.message for p in result.problems):
            tracebacks += 1
            print(f"{name}: {[p.message for p in result.problems]}", file=sys.stderr)
        if result.lesson is None:
            not_lessons += 1
            continue
        try:
            lesson = parse_lesson(decode(path.read_bytes(), name), name)
            cards, problems = derive(lesson)
        except (LessonError, Exception):
            tracebacks += 1
            traceback.print_exc()
            continue
        built += 1
        declared += len(lesson.concepts)
        tagged = {c for card in cards for c in card.concepts}
        matched += len(tagged & set(lesson.concepts))
        reported += sum(1 for c in lesson.concepts
                        if c not in tagged and any(f"'{c}'" in p.message for p in problems))
        for card in cards:
            kinds[f"{card.source}/{card.form}"] += 1
            if card.source == "code":
                continue
            everything.append(card)
            for rule in failures(card, lesson, cards):
                failed[rule] += 1
                if args.show and args.show in rule:
                    shown.append(f"[{rule}] {card.file}:{card.line}\n  Q: {card.prompt}\n  A: {card.answer}"
                                 + (f"\n  options: {card.choices}" if card.choices else ""))

    print(f"lessons built: {built}   not lessons or not built: {not_lessons}   tracebacks: {tracebacks}")
    print(f"cards: {sum(kinds.values())}")
    for kind, n in sorted(kinds.items()):
        print(f"  {kind:<18} {n:5}")
    unaccounted = declared - matched - reported
    print(f"concepts: {declared} declared, {matched} matched to a section, {reported} reported as not matched, "
          f"{unaccounted} neither")
    checked = len(everything)
    print(f"rubric rules ({checked} cards checked, predict-the-output cards aside):")
    if not failed:
        print("  no card fails a rule")
    for rule, n in failed.most_common():
        print(f"  {rule:<55} {n:5}")
    for line in shown:
        print(line)
    if args.sample:
        rng = random.Random(args.seed)
        for n, card in enumerate(rng.sample(everything, min(args.sample, len(everything))), start=1):
            print(f"\n#{n} {card.source}/{card.form}  {card.file}:{card.line}  [{card.section}]")
            print("  Q: " + card.prompt.replace("\n", "\n     "))
            if card.code:
                print("     " + card.code.replace("\n", "\n     "))
            if card.choices:
                print(f"  options: {' | '.join(card.choices)}")
            print("  A: " + card.answer.replace("\n", "\n     "))
            if card.explanation:
                print("  E: " + card.explanation.replace("\n", "\n     "))
    sys.exit(1 if tracebacks or failed or unaccounted else 0)


if __name__ == "__main__":
    main()
