"""Bulk work without cyclic garbage collection (no Qt).

Applying a page of a few thousand rows allocates hundreds of thousands of short-lived
objects (validated models, parameter dicts). Reference counting frees them; but their
number keeps triggering the cyclic collector, whose older generations walk every object
the process holds (the ORM, the name cache, the UI), about a sixth of a page's apply.
:func:`cycles_paused` suspends the collector for one bounded piece of such work; it is
process-wide, so overlapping uses (two threads) are counted and the collector comes back
when the last one ends, and only if it was on before.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextmanager
def cycles_paused() -> Iterator[None]:
    """Suspend the cyclic garbage collector for the ``with`` block (one page's apply)."""
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()
