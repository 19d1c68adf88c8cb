"""Security headers on every response and a size limit on every request body."""

from __future__ import annotations

from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from jianguan.core.errors import PayloadTooLarge

# Government intranets: nothing loads from elsewhere, so the policy can be strict.
_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


class SecurityHeaders(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        response = await call_next(request)
        for name, value in _HEADERS.items():
            response.headers.setdefault(name, value)
        if request.url.path.startswith(("/api/", "/console")):
            response.headers.setdefault("Cache-Control", "no-store")
        return response


class BodySizeLimit(BaseHTTPMiddleware):
    """Refuse oversized bodies by their declared length before reading them."""

    def __init__(self, app: object, json_limit: int, upload_limit: int) -> None:
        super().__init__(app)  # type: ignore[arg-type]
        self.json_limit, self.upload_limit = json_limit, upload_limit

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        declared = int(request.headers.get("content-length") or 0)
        # Uploads and pushed batches to the data center may be large; everything else is small.
        is_upload = request.url.path.startswith("/api/v1/ingest/")
        limit = self.upload_limit if is_upload else self.json_limit
        if declared > limit:
            error = PayloadTooLarge(
                f"请求内容过大：上限 {limit // 1024} KB", code="payload_too_large"
            )
            return JSONResponse({"error": error.as_dict()}, status_code=error.http_status)
        return await call_next(request)
