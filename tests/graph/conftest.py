"""Run GraphQL documents against the real schema and a real MariaDB, as a chosen viewer."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest_asyncio
from sqlalchemy import event

from gateway.app import build_services
from gateway.auth.viewer import Viewer
from gateway.graphql.context import Context
from gateway.graphql.schema import build_schema
from gateway.services import Services
from gateway.settings import Settings

Run = Callable[..., Awaitable[dict[str, Any]]]

STAFF = Viewer(
    login="carol",
    person_id=None,
    is_staff=True,
    is_worker=False,
    roles=frozenset(),
    expires_at=None,
)


@pytest_asyncio.fixture(scope="session")
async def graph_services(ispyb_url: str) -> AsyncIterator[Services]:
    # Correctness tests ask for whole data sets at once; the budget has tests of its own.
    services = build_services(Settings(sql_url=ispyb_url, max_page_size=500, max_query_cost=10**15))
    yield services
    await services.close()


def make_context(services: Services, viewer: Viewer) -> Context:
    """A request's context without a request: what the schema's resolvers read."""
    return Context(
        request=None,  # type: ignore[arg-type]
        response=None,
        services=services,
        viewer=viewer,
        request_id="test",
    )


def make_runner(services: Services) -> Run:
    schema = build_schema(services.settings)

    async def run(
        query: str, viewer: Viewer = STAFF, expect_errors: bool = False, **variables: Any
    ) -> dict[str, Any]:
        ctx = make_context(services, viewer)
        result = await schema.execute(query, variable_values=variables, context_value=ctx)
        if expect_errors:
            assert result.errors, "expected errors"
            return {"data": result.data, "errors": [e.formatted for e in result.errors]}
        assert not result.errors, [e.formatted for e in result.errors]
        assert result.data is not None
        return result.data

    return run


@pytest_asyncio.fixture(scope="session")
async def run(graph_services: Services) -> Run:
    return make_runner(graph_services)


@contextmanager
def recorded(services: Services) -> Iterator[list[str]]:
    """The SELECT statements both engines send meanwhile (connection checks left out)."""
    statements: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        text = statement.lstrip()
        if text.upper().startswith("SELECT") and not text.startswith("SELECT 1"):
            statements.append(text)

    engines = {services.engine.sync_engine, services.reader.sync_engine}
    for engine in engines:
        event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", record)
