"""Studying: the review session, FSRS scheduling, curriculum order, status, stats, optimizing."""
