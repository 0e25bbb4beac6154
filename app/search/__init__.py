"""Cross-script name search, match keys, scoring and hits (plain Python, no Qt).

What the UI calls (off the GUI thread):

* :func:`app.search.service.search_and_audit` / :func:`app.search.service.search`
* :func:`app.search.hits.record_hit_in_store` / :func:`app.search.hits.start_hit_notification`
* :func:`app.search.index.ensure_current` at start-up (after migrations)

Sync calls :func:`app.search.index.index_persons` whenever persons or names change.
See docs/search.md.
"""
