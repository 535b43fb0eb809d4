"""The app factory: wires settings to domain services, services to routes.

Nothing here talks to a database at import time; `create_app` is cheap and
the first connection happens on the first request or readiness probe.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.engine import make_url
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Route, WebSocketRoute

from gateway.events.memory import InMemoryBroker
from gateway.graphql.view import GatewayGraphQL
from gateway.http.health import Check, Health
from gateway.http.metrics import Metrics
from gateway.http.request_id import RequestIdMiddleware
from gateway.services import Services
from gateway.settings import Settings
from gateway.sql.engine import create_engine, ping, session_factory

log = logging.getLogger("gateway")


def build_services(settings: Settings) -> Services:
    engine = create_engine(settings.sql_url)
    return Services(
        settings=settings,
        engine=engine,
        sessions=session_factory(engine),
        broker=InMemoryBroker(),
        metrics=Metrics(),
    )


def create_app(settings: Settings, services: Services | None = None) -> Starlette:
    services = services or build_services(settings)
    graphql = GatewayGraphQL(services)
    sql_target = make_url(settings.sql_url).render_as_string(hide_password=True)
    health = Health(
        [
            Check("ispyb-sql", lambda: ping(services.engine), sql_target),
            Check("events", services.broker.ping, services.broker.name),
        ]
    )

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if settings.demo:
            log.warning("DEMO MODE: embedded database, in-process jobs and a demo sign-in")
        yield
        await services.broker.close()
        await services.engine.dispose()

    app = Starlette(
        routes=[
            Route("/healthz", health.healthz),
            Route("/readyz", health.readyz),
            Route("/metrics", services.metrics.endpoint),
            Route("/graphql", graphql, methods=["GET", "POST"]),
            WebSocketRoute("/graphql", graphql),
        ],
        middleware=[Middleware(RequestIdMiddleware)],
        lifespan=lifespan,
    )
    app.state.services = services
    return app
