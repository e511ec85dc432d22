"""The word helpers the generators share: forms of one word, sentences, lead-ins."""

from __future__ import annotations

import pytest

from recall.derive import sentences
from recall.derive.words import holds, related


@pytest.mark.parametrize("a, b", [("dict", "dictionaries"), ("creation", "creating"), ("mutability", "mutable"),
                                  ("lazily", "lazy"), ("threads", "threading"), ("init", "initialization"),
                                  ("dicts", "dictionaries"), ("slice", "slicing"), ("stable", "stability")])
def test_forms_of_one_word(a, b):
    assert related(a, b) and related(b, a)


@pytest.mark.parametrize("a, b", [("form", "format"), ("list", "listeners"), ("class", "classification"),
                                  ("interface", "interpreter"), ("state", "station"), ("note", "notion"),
                                  ("time", "timer"), ("type", "typing")])
def test_different_words(a, b):
    assert not related(a, b)


def test_holds_whole_words_only():
    assert holds("asyncio or threading", "threading") and not holds("sorted()", "sort()")
    assert holds("Use [] for lists", "[]") and not holds("Use () for tuples", "[]")


def test_sentences_split_and_lead_ins():
    assert sentences.split("Use e.g. a set. It is fast, vs. a list! Done?") == [
        "Use e.g. a set.", "It is fast, vs. a list!", "Done?"]
    assert sentences.points_ahead("There are two types:")
    assert sentences.points_ahead("Walking a list always follows the same pattern.")
    assert not sentences.points_ahead("A URL has several parts: scheme, host and path.")
    assert sentences.refers_back("It is fast but crude.") and not sentences.refers_back("Sets are fast.")
    assert sentences.is_filler("Document your functions with docstrings.", ["docstrings"])
    assert not sentences.is_filler("A function that contains yield is a generator function.",
                                   ["generator", "functions"])


def test_a_relative_that_is_no_reference_back():
    assert not sentences.refers_back("Edge cases are unusual inputs that often cause bugs.")
    assert sentences.refers_back("A computer sees this as a string.")
    assert not sentences.refers_back("Generators are functions that are lazy.")


def test_latin_plurals_are_forms_of_their_singular():
    assert related("indexed", "indices") and related("matrices", "matrix") and related("vertex", "vertices")
    assert not related("devices", "developer")


def test_a_doubled_consonant_and_an_irregular_past_are_forms_of_their_verb():
    assert related("forgetting", "forget") and related("Forgot", "Forgetting") and related("wrapped", "wrap")
    assert related("stopped", "stops") and related("beginning", "began") and related("kept", "keeping")
    assert related("calling", "call") and related("passed", "pass")  # their double is the word's own
    assert not related("forgot", "format") and not related("setting", "settle")
    assert not related("settings", "set") and not related("logging", "log")  # a word of three letters stays
