"""Security headers on every response.

The Content-Security-Policy allows scripts only from this origin's files: no inline script and no eval
(no 'unsafe-inline' or 'unsafe-eval' for scripts). The plotly.js build the app ships has only the trace
types it draws, none of which compiles code at run time (regl's WebGL 2D traces, which do, are left out);
tests/browser records every CSP violation as a page error. One allowance, for plotly.js: inline styles.
Only ``/embed`` may be framed by other sites (``ERRORSCAPE_FRAME_ANCESTORS``, default any); every other
page only by this site. No X-Frame-Options: frame-ancestors supersedes it and would forbid embedding.
"""

from __future__ import annotations

from ..settings import Settings

BASE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'"
)
EMBED_PREFIX = "/embed"


def content_security_policy(path: str, frame_ancestors: str) -> str:
    ancestors = frame_ancestors if path == EMBED_PREFIX or path.startswith(EMBED_PREFIX + "/") else "'self'"
    return f"{BASE_POLICY}; frame-ancestors {ancestors}"


class SecurityHeaders:
    """Adds the headers at response start; the path is taken relative to the app's root path."""

    def __init__(self, app, settings: Settings):
        self.app = app
        self.frame_ancestors = settings.frame_ancestors
        self.fixed = [
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"strict-origin-when-cross-origin"),
            (b"cross-origin-opener-policy", b"same-origin"),
        ]

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        path = scope["path"]
        root = scope.get("root_path", "")
        if root and path.startswith(root):
            path = path[len(root):] or "/"
        csp = content_security_policy(path, self.frame_ancestors).encode()

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"server"]
                headers += [(b"content-security-policy", csp), *self.fixed]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
