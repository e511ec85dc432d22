"""Raised when the learner stops a session: quit entry, Ctrl-C, Ctrl-D or a closed terminal."""


class Stop(Exception):
    pass
