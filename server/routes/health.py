"""For the proxy, the service manager and monitoring: ``/healthz`` and ``/metrics``."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response
from prometheus_client import CONTENT_TYPE_LATEST
from sqlalchemy import text

from server import metrics
from server.routes.common import State

router = APIRouter()


@router.get(metrics.HEALTH_PATH, include_in_schema=False)
def health(state: State) -> Response:
    """For the proxy and the service manager: 200 if the database answers, else 503."""
    try:
        with state.settings.db.read() as session:
            session.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - any failure means "not healthy"
        metrics.access_log.warning("health check: database unreachable", exc_info=True)
        return Response('{"status":"unavailable"}', 503, media_type="application/json")
    return Response('{"status":"ok"}', media_type="application/json")


@router.get(metrics.METRICS_PATH, include_in_schema=False, name="metrics")
def metrics_view(state: State) -> Response:
    """Prometheus exposition (keep it to the monitoring network at the proxy)."""
    figures = metrics.DatabaseFigures(state.settings.db, state.settings.blob_dir)
    return Response(metrics.render_metrics(figures), media_type=CONTENT_TYPE_LATEST)
