"""What applying pulled rows did: counts, and the events and clean-up it calls for."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ApplyOutcome:
    """What one page changed (events are published after the commit, never inside)."""

    applied: int = 0
    skipped: int = 0
    bad: int = 0
    bulletins: int = 0
    cancelled: list[dict[str, str]] = field(default_factory=list)
    urgent: list[dict[str, str]] = field(default_factory=list)
    replies: list[dict[str, str]] = field(default_factory=list)
    request_outcomes: list[dict[str, str]] = field(default_factory=list)
    cases: int = 0
    media: int = 0
    person_ids: set[str] = field(default_factory=set)
    purge_blobs: set[str] = field(default_factory=set)
    thumbs_missing: set[str] = field(default_factory=set)

    def merge(self, other: ApplyOutcome) -> None:
        """Add ``other`` into this outcome."""
        self.applied += other.applied
        self.skipped += other.skipped
        self.bad += other.bad
        self.bulletins += other.bulletins
        self.cancelled += other.cancelled
        self.urgent += other.urgent
        self.replies += other.replies
        self.request_outcomes += other.request_outcomes
        self.cases += other.cases
        self.media += other.media
        self.person_ids |= other.person_ids
        self.purge_blobs |= other.purge_blobs
        self.thumbs_missing |= other.thumbs_missing
