"""The routes of the regional server, one :class:`fastapi.APIRouter` per area.

Routes reach what they share (database, limits, blob store, caches) through the
dependencies in :mod:`server.routes.common`, which read ``request.app.state.dd``.
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI

from server.routes import blobs, feed, health, hooks, news, office, outbox, session, stream


def routers(*, test_hooks: bool) -> list[APIRouter]:
    """Every area's router, in the order its routes are matched."""
    found = [session.router, feed.router, news.router, stream.router, outbox.router, blobs.router]
    found.append(office.router)
    if test_hooks:
        found.append(hooks.router)
    found.append(health.router)
    return found


def include(app: FastAPI, *, test_hooks: bool) -> None:
    """Add every area's routes to ``app`` (the test hooks only if asked for).

    The routes themselves go into ``app.routes``, not the routers: ``include_router`` of
    this FastAPI keeps an included router as one opaque entry there, and the ``Allow``
    header of a 405 answer, the route label of the request metrics and the route-table
    test all read ``app.routes`` as a list of routes.
    """
    for router in routers(test_hooks=test_hooks):
        app.router.routes.extend(router.routes)
