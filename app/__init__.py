"""District Desk core: storage, domain, workflow, search, security and sync (no Qt)."""

__version__ = "0.1.0"
