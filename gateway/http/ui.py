"""The browser pages: GraphiQL and the reference jobs page, from files shipped in the package.

Nothing is loaded from a CDN: the libraries are vendored under `static/vendor` (see
tools/assets/). Every page and file carries the security headers; the pages' policy allows
scripts from this origin only (no inline script, no eval). GraphiQL and json-editor set
`style` attributes and add `<style>` elements at run time, so styles alone allow
'unsafe-inline'.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import Message, Receive, Scope, Send

from gateway.settings import Settings

STATIC = Path(__file__).parent / "static"

_COMMON_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def page_policy(settings: Settings) -> str:
    """The Content-Security-Policy of both pages.

    `connect-src 'self'` covers the same-origin WebSocket (CSP level 3); the OIDC issuer's
    origin is added for discovery and the token request of the authorization-code flow.
    """
    connect = ["'self'"]
    if settings.oidc_issuer and not settings.demo:
        parts = urlsplit(settings.oidc_issuer)
        connect.append(f"{parts.scheme}://{parts.netloc}")
    return "; ".join(
        [
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self' data:",
            f"connect-src {' '.join(connect)}",
            "form-action 'self'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
        ]
    )


def page_headers(settings: Settings) -> dict[str, str]:
    return {
        **_COMMON_HEADERS,
        "Content-Security-Policy": page_policy(settings),
        "X-Frame-Options": "DENY",  # for browsers that predate frame-ancestors
        "Cache-Control": "no-cache",
    }


def page(settings: Settings, name: str) -> Response:
    return FileResponse(STATIC / name, media_type="text/html", headers=page_headers(settings))


class _Static:
    """Static files with nosniff; the vendored libraries may be cached, ours are revalidated."""

    def __init__(self) -> None:
        self.files = StaticFiles(directory=STATIC)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        vendor = scope["path"][len(scope.get("root_path", "")) :].startswith("/vendor/")

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                extra = {
                    **_COMMON_HEADERS,
                    "Cache-Control": "public, max-age=86400" if vendor else "no-cache",
                }
                headers += [(k.lower().encode(), v.encode()) for k, v in extra.items()]
                message["headers"] = headers
            await send(message)

        await self.files(scope, receive, with_headers)


def routes(settings: Settings) -> list[BaseRoute]:
    """`/ui/jobs`, its configuration and `/static`; GraphiQL is served by the GraphQL view."""

    async def jobs_page(request: Request) -> Response:
        return page(settings, "jobs.html")

    async def config(request: Request) -> Response:
        # What the pages need to sign in; all of it is public.
        return JSONResponse(
            {
                "demo": settings.demo,
                "demoIssuer": "/demo-issuer" if settings.demo else None,
                "issuer": None if settings.demo else settings.oidc_issuer,
                "clientId": settings.ui_client_id,
                "graphql": "/graphql",
            },
            headers={**_COMMON_HEADERS, "Cache-Control": "no-cache"},
        )

    return [
        Route("/ui/jobs", jobs_page),
        Route("/ui/config.json", config),
        # GraphiQL's page loads 2.1 MB of files, 0.75 MB compressed (measured: README).
        Mount("/static", app=GZipMiddleware(_Static(), minimum_size=1024)),
    ]
