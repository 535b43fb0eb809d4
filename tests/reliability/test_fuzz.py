"""Schemathesis against `ispyb-gateway serve`: the GraphQL schema and the IS4A OpenAPI
description, as an outsider, a member and staff (and nobody). Thousands of generated
requests; none may get a 5xx, an internal error, a traceback, SQL or a source path.

`GATEWAY_FUZZ_EXAMPLES` (default 20) is the examples per operation, mode and role."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import AsyncIterator

import pytest_asyncio
import schemathesis

from tests.reliability.fuzz import Findings, fuzz
from tests.reliability.process import Served, served

EXAMPLES = int(os.environ.get("GATEWAY_FUZZ_EXAMPLES", "20"))


@pytest_asyncio.fixture
async def gateway(
    writable_ispyb_url: str, mongo_url: str, mongo_database: str
) -> AsyncIterator[Served]:
    # Private data: staff's generated mutations may change rows. Quotas stay on: they
    # are part of what is fuzzed.
    async with served(writable_ispyb_url, mongo_url, mongo_database, log_level="warning") as gw:
        yield gw


def _roles(gw: Served) -> dict[str, dict[str, str]]:
    return {
        "nobody": {},
        "outsider": gw.auth("dave"),
        "member": gw.auth("alice"),
        "staff": gw.auth("carol", "ispyb-staff"),
    }


def _report(findings: Findings, seconds: float) -> str:
    return (
        f"{findings.requests} requests in {seconds:.0f} s; statuses {dict(findings.statuses)}; "
        f"codes {dict(findings.codes.most_common(12))}"
    )


async def test_graphql_fuzzing_finds_no_internal_error(gateway: Served) -> None:
    schema = await asyncio.to_thread(schemathesis.graphql.from_url, gateway.base + "/graphql")
    findings = Findings()
    started = time.monotonic()
    await asyncio.to_thread(fuzz, schema, gateway.base, _roles(gateway), EXAMPLES, findings)
    print(_report(findings, time.monotonic() - started))
    assert findings.requests >= 1000 or EXAMPLES < 20
    assert not findings.failures, "\n\n".join(findings.failures)
    assert "Traceback" not in gateway.output()


async def test_is4a_fuzzing_finds_no_internal_error(gateway: Served) -> None:
    schema = await asyncio.to_thread(
        schemathesis.openapi.from_url, gateway.base + "/is4a/openapi.json"
    )
    findings = Findings()
    started = time.monotonic()
    await asyncio.to_thread(
        fuzz,
        schema,
        gateway.base + "/is4a",
        _roles(gateway),
        EXAMPLES,
        findings,
        (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE),
    )
    print(_report(findings, time.monotonic() - started))
    assert findings.requests >= 500 or EXAMPLES < 20
    assert not findings.failures, "\n\n".join(findings.failures)
    assert "Traceback" not in gateway.output()
