"""/ui/jobs in Chromium signs in through Keycloak's own login form (code flow + PKCE, for real).

The browser fixtures come from tests/browser; the Keycloak is this directory's one per run.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import httpx
from playwright.async_api import Browser, expect

from tests.browser.conftest import Steps, browser, chromium, csp_violations, steps_name
from tests.keycloak.keycloak import (
    AUDIENCE,
    REALM,
    UI_CLIENT,
    Keycloak,
    claims_of,
    gateway_on,
    graphql,
)

__all__ = ["browser", "chromium", "steps_name"]  # fixtures used here, defined for tests/browser

CREATE = """mutation { createJob(type: "reprocess", itemIds: [2], parameters: {pipeline: "autoPROC"})
  { jobId description } }"""


async def test_the_jobs_page_signs_in_through_keycloaks_login_form(
    keycloak: Keycloak,
    ispyb_url: str,
    mongo_url: str,
    mongo_database: str,
    browser: Browser,
    steps_name: str,
) -> None:
    async with gateway_on(
        keycloak.issuer,
        ispyb_url,
        mongo_url=mongo_url,
        mongo_database=mongo_database,
        ui_client_id=UI_CLIENT,
    ) as gateway:
        # alice's job, made before the page opens: the page must list it once she is signed in.
        created = (await graphql(gateway, await keycloak.user_token("alice"), CREATE)).json()
        job = created["data"]["createJob"]
        async with httpx.AsyncClient(base_url=gateway) as http:
            policy = (await http.get("/ui/jobs")).headers["content-security-policy"]
        assert f"connect-src 'self' {keycloak.base};" in policy  # discovery, token request

        page_url = f"{gateway}/ui/jobs"
        context = await browser.new_context(viewport={"width": 1100, "height": 800})
        page = await context.new_page()
        console: list[str] = []
        page.on("console", lambda m: console.append(m.text))
        page.on("pageerror", lambda e: console.append(f"page error: {e}"))
        steps = Steps(page, steps_name)

        # The realm sends codes only to the redirect URIs it lists: this port is not one.
        await page.goto(page_url)
        await page.click("#sign-in-button")
        await page.wait_for_url(f"{keycloak.issuer}/protocol/openid-connect/auth?**")
        await expect(page.locator("body")).to_contain_text("Invalid parameter: redirect_uri")
        await steps.shot("unlisted-redirect-refused")

        async with keycloak.ui_redirect(page_url):
            await page.goto(page_url)
            await expect(page.locator("#who")).to_have_text("not signed in")
            await steps.shot("signed-out")
            await page.click("#sign-in-button")

            # Keycloak's own login page, on Keycloak's origin, asked for a PKCE code.
            await page.wait_for_url(f"{keycloak.issuer}/protocol/openid-connect/auth?**")
            asked = parse_qs(urlsplit(page.url).query)
            assert asked["client_id"] == [UI_CLIENT] and asked["redirect_uri"] == [page_url]
            assert asked["code_challenge_method"] == ["S256"]
            form = page.locator("form#kc-form-login")
            await expect(form).to_be_visible()
            action = await form.get_attribute("action")
            assert action and action.startswith(
                f"{keycloak.base}/realms/{REALM}/login-actions/authenticate"
            )
            await steps.shot("keycloak-login")
            await page.fill("#username", "alice")
            await page.fill("#password", "alice")
            await steps.shot("keycloak-filled")
            await page.click("#kc-login")

            # Back on the page, the code traded for Keycloak's token, alice's job listed.
            await expect(page.locator("#who")).to_have_text("signed in as alice")
            assert page.url == page_url  # the single-use code is gone from the URL
            row = page.locator(f"#jobs tr[data-job-id='{job['jobId']}']")
            await expect(row).to_contain_text(job["description"])
            await expect(row.locator(".status")).to_have_text("PENDING")
            await expect(page.locator("#live")).to_have_text("(live)")
            await steps.shot("signed-in")
            token = await page.evaluate("sessionStorage.getItem('ispyb-gateway.token')")
            claims = claims_of(token)
            assert claims["iss"] == keycloak.issuer and claims["azp"] == UI_CLIENT
            assert claims["aud"] in (AUDIENCE, [AUDIENCE])  # the realm's audience mapper
            assert await page.locator("#error").text_content() == ""
            assert not csp_violations(console), console
            await context.close()
