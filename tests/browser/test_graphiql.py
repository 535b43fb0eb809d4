"""GraphiQL from the gateway's own files: a query and a subscription with no request off the host."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import httpx
from playwright.async_api import Browser, Page, Route, expect

from tests.browser.conftest import Demo, Steps, csp_violations

WATCH = 'subscription { jobUpdated(jobId: "%s") { event from to } }'
CANCEL = 'mutation { cancelJob(jobId: "%s") { status } }'
CREATE = 'mutation { createJob(type: "reprocess", itemIds: [1], parameters: {pipeline: "autoPROC"}) { jobId } }'


async def _run(page: Page, query: str) -> None:
    # GraphiQL 3's editors are CodeMirror 5 instances; Playwright's evaluate is not page script,
    # so the page's CSP does not apply to it.
    await page.evaluate(
        "q => document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.setValue(q)",
        query,
    )
    # GraphiQL re-parses the editor after a short debounce; the fetcher chooses HTTP or the
    # WebSocket from that parsed document, so give it time to see the new operation.
    await page.wait_for_timeout(700)
    await page.click(".graphiql-execute-button")


async def _response(page: Page) -> str:
    return str(
        await page.evaluate(
            "() => document.querySelector('.graphiql-response .CodeMirror').CodeMirror.getValue()"
        )
    )


async def test_graphiql_works_offline(demo: Demo, browser: Browser, steps_name: str) -> None:
    context = await browser.new_context(viewport={"width": 1280, "height": 720})
    left: list[str] = []

    async def only_loopback(route: Route) -> None:
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            await route.continue_()
        else:
            left.append(route.request.url)
            await route.abort()

    await context.route("**/*", only_loopback)
    page = await context.new_page()
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.on("websocket", lambda ws: requested.append(ws.url))
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text))
    steps = Steps(page, steps_name)

    await page.goto(f"{demo.base}/graphql", wait_until="networkidle")
    await expect(page.locator(".graphiql-container")).to_be_visible()
    await steps.shot("loaded")
    await page.click("#demo-sign-in")
    await expect(page.locator("#who")).to_have_text("signed in as alice (token in Headers)")

    await _run(page, "{ viewer { login isStaff } }")
    await expect(page.locator(".graphiql-response")).to_contain_text('"login": "alice"')
    assert json.loads(await _response(page)) == {
        "data": {"viewer": {"login": "alice", "isStaff": False}}
    }
    await steps.shot("query")

    # A job exists; its subscription sends the current state first, then each change.
    async with httpx.AsyncClient(base_url=demo.base) as http:
        alice = {"authorization": f"Bearer {await demo.token('alice')}"}
        r = await http.post("/graphql", json={"query": CREATE}, headers=alice)
        job_id = r.json()["data"]["createJob"]["jobId"]
        await _run(page, WATCH % job_id)
        await expect(page.locator(".graphiql-response")).to_contain_text('"PENDING"')
        assert json.loads(await _response(page))["data"]["jobUpdated"]["event"] == "snapshot"
        r = await http.post("/graphql", json={"query": CANCEL % job_id}, headers=alice)
        assert r.json()["data"]["cancelJob"]["status"] == "CANCELLED"
    await expect(page.locator(".graphiql-response")).to_contain_text('"CANCELLED"')
    event = json.loads(await _response(page))["data"]["jobUpdated"]
    assert event == {"event": "status", "from": "PENDING", "to": "CANCELLED"}
    await steps.shot("subscription")

    assert left == [], f"requests that would have left the machine: {left}"
    hosts = {urlsplit(url).hostname for url in requested}
    assert hosts == {"127.0.0.1"}, requested
    assert any(url.startswith("ws://127.0.0.1") for url in requested), "no WebSocket opened"
    assert not csp_violations(console), console
    await context.close()
