"""recall: terminal spaced repetition for people learning Python."""

__version__ = "0.1.0"
