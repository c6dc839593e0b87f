"""GET /metrics: Prometheus text exposition of the metrics defined in app/middleware/observability.py."""

from fastapi import APIRouter, Response

from ..middleware.observability import metrics_payload

router = APIRouter(tags=["operations"])


@router.get("/metrics", include_in_schema=False)
def metrics() -> Response:
    """Scraped by Prometheus on each replica's own port (the public proxy does not pass it on)."""
    body, content_type = metrics_payload()
    return Response(body, media_type=content_type)
