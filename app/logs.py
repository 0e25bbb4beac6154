"""Logging to a rotating file in the data directory; never secrets, never record content.

Log records carry ids, codes and counts only: names, request bodies, passwords, tokens and
keys are never formatted into a message. A filter redacts anything that looks like a
bearer token or a hex key as a second line of defence.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re

from app import paths

_SECRET_RE = re.compile(r"(Bearer\s+)[A-Za-z0-9._~+/=-]+|\b[0-9a-fA-F]{64}\b(?=.*key)", re.I)


class RedactSecrets(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        msg = record.getMessage()
        red = _SECRET_RE.sub(lambda m: (m.group(1) or "") + "[redacted]", msg)
        if red != msg:
            record.msg, record.args = red, None
        return True


def setup_logging(
    data_dir: str | os.PathLike[str] | None, *, verbose: bool = False, console: bool = False
) -> None:
    root = logging.getLogger()
    if getattr(root, "_district_desk", False):
        return
    level = logging.DEBUG if verbose else logging.INFO
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    handlers: list[logging.Handler] = []
    p = paths.resolve(data_dir)
    try:
        p.logs.mkdir(parents=True, exist_ok=True)
        handlers.append(
            logging.handlers.RotatingFileHandler(
                p.logs / "district-desk.log", maxBytes=2_000_000, backupCount=3, encoding="utf-8"
            )
        )
    except OSError:
        pass  # a read-only data directory is reported by the store, not here
    if console or verbose:
        stream = logging.StreamHandler()
        stream.setLevel(logging.DEBUG if verbose else logging.WARNING)
        handlers.append(stream)
    for h in handlers:
        h.setFormatter(fmt)
        h.addFilter(RedactSecrets())
        root.addHandler(h)
    root.setLevel(level)
    root._district_desk = True  # type: ignore[attr-defined]
