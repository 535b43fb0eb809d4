"""/ui/jobs outside demo mode: sign-in at the configured issuer, authorization code + PKCE."""

from __future__ import annotations

from playwright.async_api import Browser, expect

from gateway.app import create_app
from gateway.settings import Settings
from tests.browser.code_flow import code_flow_issuer
from tests.browser.conftest import Steps, csp_violations
from tests.server import free_port, serve


async def test_sign_in_with_the_code_flow_and_pkce(
    ispyb_url: str, browser: Browser, steps_name: str
) -> None:
    port = free_port()
    gateway = f"http://127.0.0.1:{port}"
    async with code_flow_issuer("ispyb-gateway", "exi2", gateway) as flow:
        settings = Settings(
            sql_url=ispyb_url,
            oidc_issuer=flow.issuer.url,
            oidc_audience="ispyb-gateway",
            ui_client_id="exi2",
        )
        async with serve(create_app(settings), port=port):
            page = await browser.new_page()
            console: list[str] = []
            page.on("console", lambda m: console.append(m.text))
            steps = Steps(page, steps_name)
            await page.goto(f"{gateway}/ui/jobs")
            await expect(page.locator(".demo")).to_be_hidden()  # no demo sign-in here
            await page.click("#sign-in-button")

            await expect(page.locator("#who")).to_have_text("signed in as alice")
            assert page.url == f"{gateway}/ui/jobs"  # the single-use code is gone from the URL
            await expect(page.locator("#collection option")).not_to_have_count(0)
            await steps.shot("signed-in")
            (request,) = flow.authorize_requests
            assert request["client_id"] == "exi2" and request["code_challenge_method"] == "S256"
            assert request["redirect_uri"] == f"{gateway}/ui/jobs"
            assert len(request["code_challenge"]) == 43 and request["state"]
            assert flow.exchanged == ["alice"]  # the verifier matched the challenge

            # The token stays with the tab: GraphiQL, linked from the page, has it in Headers.
            await page.click("text=GraphiQL")
            await expect(page.locator("#who")).to_have_text("signed in as alice (token in Headers)")
            await page.go_back()

            # A callback the page did not ask for (forged state) signs nobody in.
            await page.click("#sign-out")
            await page.goto(f"{gateway}/ui/jobs?code=stolen&state=forged")
            await expect(page.locator("#who")).to_have_text("not signed in")
            assert flow.exchanged == ["alice"]
            assert not csp_violations(console), console
