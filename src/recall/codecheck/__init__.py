"""Running lesson code: checked against real Python output (only when the learner asks)."""
