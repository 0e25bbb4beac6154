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


def freeze_long_lived() -> None:
    """Take everything alive now out of the cyclic collector's sight (once start-up is done).

    The collector's oldest generation walks every tracked object the process holds: after
    start-up that is the ORM, the Qt wrappers and every module, and one pass took 54-78 ms
    on the GUI thread in the list bench at 100,000 bulletins. What start-up built lives
    as long as the process, so it is collected once and frozen (``gc.freeze``); later
    passes walk only what was made since (0.8 ms in the same bench). Reference counting
    still frees frozen objects; only a cycle among them would be kept.
    """
    gc.collect()
    gc.freeze()
