"""/ui/jobs in headless Chromium: sign in, launch, watch live, answer input, download."""

from __future__ import annotations

from pathlib import Path

from playwright.async_api import Browser, expect

from tests.browser.conftest import ASK_INPUT, Demo, Steps, csp_violations


async def test_a_job_from_launch_to_download(
    demo: Demo, browser: Browser, steps_name: str, tmp_path: Path
) -> None:
    context = await browser.new_context(
        accept_downloads=True, viewport={"width": 1100, "height": 900}
    )
    page = await context.new_page()
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text))
    page.on("pageerror", lambda e: console.append(f"page error: {e}"))
    steps = Steps(page, steps_name)

    await page.goto(f"{demo.base}/ui/jobs")
    await steps.shot("signed-out")
    await page.select_option("#demo-login", "alice")
    await page.click("#sign-in-button")
    await expect(page.locator("#who")).to_have_text("signed in as alice")
    await expect(page.locator("#live")).to_have_text("(live)")

    # The launch form is generated from the catalogue's JSON Schema (schema/catalogue).
    await page.select_option("select[name='root[pipeline]']", "XIA2_dials")
    await steps.shot("form")
    await page.click("#launch button[type=submit]")
    row = page.locator("#jobs tr").first
    await expect(row.locator(".status")).to_have_text("PENDING")
    job_id = await row.get_attribute("data-job-id")
    assert job_id
    row = page.locator(f"#jobs tr[data-job-id='{job_id}']")
    await steps.shot("pending")

    await demo.start_worker(ASK_INPUT)
    await expect(row.locator(".status")).to_have_text("RUNNING", timeout=20_000)
    await steps.shot("running")
    await expect(row.locator(".status")).to_have_text("ONHOLD", timeout=20_000)
    await expect(row.locator(".seen")).to_have_text("seen: PENDING → RUNNING → ONHOLD")
    # The input form is built from the JSON Schema the worker sent with its question.
    await expect(page.locator("#input-message")).to_have_text("Minimum I/sigma?")
    field = page.locator("input[name='root[minIOverSigma]']")
    await field.fill("-1")  # below the schema's minimum: refused in the page, nothing sent
    await field.press("Tab")
    await page.click("#input-form button[type=submit]")
    await expect(page.locator("#error")).to_contain_text("root.minIOverSigma")
    await expect(row.locator(".status")).to_have_text("ONHOLD")
    await field.fill("1.5")
    await field.press("Tab")
    await steps.shot("input-requested")
    await page.click("#input-form button[type=submit]")

    await expect(row.locator(".status")).to_have_text("FINISHED", timeout=30_000)
    await expect(page.locator("#input-request")).to_be_hidden()
    await expect(row.locator(".seen")).to_have_text(
        "seen: PENDING → RUNNING → ONHOLD → PENDING → RUNNING → FINISHED"
    )
    await steps.shot("finished")

    async with page.expect_download() as download_info:
        await row.locator("button.download").click()
    download = await download_info.value
    assert download.suggested_filename == "job.log"
    saved = tmp_path / "log.txt"
    await download.save_as(saved)
    assert saved.read_text() == f"reprocessed job {job_id} with pipeline XIA2_dials after input\n"

    assert await page.locator("#error").text_content() == ""
    assert not csp_violations(console), console
    await context.close()
