"""Start-up's objects leave the cyclic collector's sight (``freeze_long_lived``), in a
separate interpreter: freezing the test process would keep other tests' cycles."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

SCRIPT = """
import gc, json
from app.store.gcpause import freeze_long_lived
import sqlalchemy.orm, app.store.models  # what start-up imports: thousands of objects
kept = [[i] for i in range(50_000)]
for cell in kept:
    cell.append(cell)  # a cycle each, alive
before = len(gc.get_objects())
freeze_long_lived()
after = len(gc.get_objects())
garbage = [[0]]
garbage[0].append(garbage)  # a new cycle made after the freeze
del garbage
print(json.dumps({"before": before, "after": after, "frozen": gc.get_freeze_count(),
                  "collected": gc.collect(), "kept": len(kept)}))
"""


def test_freezing_leaves_later_passes_only_what_was_made_since() -> None:
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=REPO, capture_output=True, text=True, check=True
    )
    facts = json.loads(out.stdout)
    assert facts["before"] > 60_000, facts
    # A later pass walks none of what was alive at the freeze...
    assert facts["after"] < facts["before"] // 20, facts
    assert facts["frozen"] >= facts["before"] - 1_000, facts
    # ...and still collects a cycle made afterwards; frozen live objects stay alive.
    assert facts["collected"] >= 2 and facts["kept"] == 50_000, facts
