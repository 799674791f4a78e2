"""A guard for tests of work that must not backtrack: the block is interrupted (TimeoutError)
if it runs past a deadline, instead of hanging the suite.

Python's ``re`` checks for signals while it matches, so a catastrophic backtrack in the code
under test is interrupted by SIGALRM; the test then fails on the TimeoutError. The deadline
is generous: it only separates «answers» from «would take minutes».
"""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager


@contextmanager
def deadline(seconds: float):
    """Raise :class:`TimeoutError` inside the block after ``seconds`` (main thread only)."""
    assert threading.current_thread() is threading.main_thread(), "SIGALRM needs the main thread"

    def _expired(signum, frame):
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, _expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
