"""The pages' security headers and self-containment, over HTTP (no browser needed)."""

from __future__ import annotations

import re
from contextlib import AbstractAsyncContextManager
from typing import Any

import httpx

from gateway.app import create_app
from gateway.settings import Settings
from tests.server import serve

ISSUER = "https://sso.example.org/realms/ispyb"
HTML = {"accept": "text/html"}


def _policy(response: httpx.Response) -> dict[str, str]:
    directives = (
        d.strip().split(" ", 1) for d in response.headers["content-security-policy"].split(";")
    )
    return {d[0]: d[1] if len(d) > 1 else "" for d in directives}


def _serve(url: str, **settings: Any) -> AbstractAsyncContextManager[str]:
    return serve(create_app(Settings(sql_url=url, oidc_issuer=ISSUER, **settings)))


async def test_pages_have_a_strict_policy_and_load_only_own_files(empty_mysql_url: str) -> None:
    async with _serve(empty_mysql_url) as base, httpx.AsyncClient(base_url=base) as http:
        for path in ("/graphql", "/ui/jobs"):
            page = await http.get(path, headers=HTML)
            assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
            policy = _policy(page)
            assert policy["script-src"] == "'self'", path  # no inline script, no eval
            assert policy["style-src"] == "'self' 'unsafe-inline'"
            assert policy["default-src"] == "'none'" and policy["frame-ancestors"] == "'none'"
            assert policy["connect-src"] == "'self' https://sso.example.org"  # OIDC token request
            assert page.headers["x-content-type-options"] == "nosniff"
            assert page.headers["referrer-policy"] == "no-referrer"
            assert page.headers["x-frame-options"] == "DENY"
            assert not re.search(r"<script(?![^>]*\bsrc=)", page.text), "inline script"
            assert "http://" not in page.text and "https://" not in page.text, "a remote file"
            assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', page.text)
            assert len(assets) >= 3
            for asset in assets:
                served = await http.get(asset)
                assert served.status_code == 200, asset
                assert served.headers["x-content-type-options"] == "nosniff"
                cache = served.headers["cache-control"]
                assert cache == ("public, max-age=86400" if "/vendor/" in asset else "no-cache")
        big = await http.get("/static/vendor/graphiql.min.js", headers={"accept-encoding": "gzip"})
        assert big.headers["content-encoding"] == "gzip"
        assert big.num_bytes_downloaded < len(big.content) / 2
        config = (await http.get("/ui/config.json")).json()
        assert config == {
            "demo": False,
            "demoIssuer": None,
            "issuer": ISSUER,
            "clientId": "ispyb-gateway-ui",
            "graphql": "/graphql",
        }
        assert (await http.get("/static/../settings.py")).status_code == 404
        licences = (await http.get("/static/vendor/LICENSES.txt")).text
        for package in ("graphiql", "react", "react-dom", "graphql-ws", "@json-editor/json-editor"):
            assert f"\n{package} " in licences, package


async def test_graphiql_can_be_turned_off(empty_mysql_url: str) -> None:
    async with (
        _serve(empty_mysql_url, graphiql=False) as base,
        httpx.AsyncClient(base_url=base) as http,
    ):
        page = await http.get("/graphql", headers=HTML)
    assert "graphiql" not in page.text.lower()
