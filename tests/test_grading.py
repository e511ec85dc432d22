"""Typed predictions: what does not matter is ignored, what does is not."""

import pytest

from recall.grading import matches


@pytest.mark.parametrize("given, expected", [
    ("200000", "200000"),
    ("  200000 \n", "200000"),
    ("[0,1,4]", "[0, 1, 4]"),
    ('["jam","tea"]', "['jam', 'tea']"),
    ("{'a': 1}", '{"a":1}'),
    ("log: clicked\nsound: clicked", "log: clicked\n  sound: clicked  "),
    ("KeyError: 'xml'", "KeyError: 'xml'"),
    ('KeyError: "xml"', "KeyError: 'xml'"),  # quote style does not matter after an exception's name
    ("json.decoder.JSONDecodeError: 'x'", 'json.decoder.JSONDecodeError: "x"'),
    ('["a"]\n{"b": 1}', "['a']\n{'b': 1}"),  # nor line by line
    ("total: [1,2]", "total: [1, 2]"),
    ("HELLO,  ADA", "HELLO, ADA"),
])
def test_equivalent_answers(given, expected):
    assert matches(given, expected)


@pytest.mark.parametrize("given, expected", [
    ("20000", "200000"),
    ("'hi'", "hi"),  # print shows no quotes
    ("1.0", "1"),
    ("[1, 2]", "(1, 2)"),
    ("sound: clicked\nlog: clicked", "log: clicked\nsound: clicked"),  # order matters
    ("", "4"),
    ("KeyError: 'html'", "KeyError: 'xml'"),
    ("ValueError: 'xml'", "KeyError: 'xml'"),
    ("KeyError: xml", "KeyError: 'xml'"),
    ("['a']\n{'b': 2}", "['a']\n{'b': 1}"),
])
def test_different_answers(given, expected):
    assert not matches(given, expected)


def test_an_exceptions_name_alone_is_right_when_the_card_asks_what_happens():
    raised = "SyntaxError: non-default argument follows default argument"
    assert matches("SyntaxError", raised, raised=True)
    assert matches(" KeyError ", "KeyError: 'xml'", raised=True)
    assert not matches("ValueError", "KeyError: 'xml'", raised=True)
    assert not matches("Key", "KeyError: 'xml'", raised=True)  # the whole name
    assert not matches("KeyError", "KeyError: 'xml'")  # printed output: every word counts
    decoded = "json.decoder.JSONDecodeError: Expecting value: line 1 column 1 (char 0)"
    assert matches("JSONDecodeError", decoded, raised=True) and matches("json.decoder.JSONDecodeError", decoded,
                                                                        raised=True)
    assert matches("KeyError:", "KeyError: 'xml'", raised=True)
    assert not matches("Status", "Status: ok", raised=True)  # not an exception: the whole line counts
