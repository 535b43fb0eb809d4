"""The app factory: wires settings to domain services, services to routes.

Nothing here talks to a database at import time; `create_app` is cheap and
the first connection happens on the first request or readiness probe.
"""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager, suppress
from datetime import timedelta
from typing import Any

import anyio.lowlevel
from pymongo import AsyncMongoClient
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount, Route, WebSocketRoute

from gateway.auth.demo_issuer import DemoIssuer
from gateway.auth.identity import IdentityResolver
from gateway.auth.middleware import Authenticator, AuthMiddleware
from gateway.auth.tokens import TokenValidator
from gateway.events.broker import Broker
from gateway.events.memory import InMemoryBroker
from gateway.events.redis import RedisBroker
from gateway.graphql.view import GatewayGraphQL
from gateway.http import files, is4a, ui
from gateway.http.body_limit import BodyLimitMiddleware, upload_paths
from gateway.http.deadline import DeadlineMiddleware
from gateway.http.drain import Drain, DrainMiddleware
from gateway.http.health import Check, Health
from gateway.http.memory import MemoryTrimMiddleware, Trimmer
from gateway.http.metrics import Metrics
from gateway.http.request_id import RequestIdMiddleware
from gateway.http.rest import error, viewer
from gateway.http.websocket_shortcut import WebSocketShortcut
from gateway.jobs.catalogue import load_catalogue
from gateway.jobs.memory_store import InMemoryJobStore
from gateway.jobs.mongo_store import MongoJobStore
from gateway.jobs.service import JobService, Quotas
from gateway.jobs.store import JobStore
from gateway.lane import Lane
from gateway.outage import is_outage
from gateway.services import Services
from gateway.settings import Settings
from gateway.sql.acquisition.idempotency import RedisKeys
from gateway.sql.base import Base
from gateway.sql.engine import create_engine, ping, session_factory
from gateway.sql.live import LiveSchema

log = logging.getLogger("gateway")


def _job_store(settings: Settings) -> tuple[JobStore, str, Callable[[], Awaitable[object]] | None]:
    if settings.mongo_url is None:
        return InMemoryJobStore(), "in-process", None
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(
        settings.mongo_url, serverSelectionTimeoutMS=3000, tz_aware=True
    )
    return MongoJobStore(client, settings.mongo_database), "mongodb", client.close


def build_services(settings: Settings) -> Services:
    """Wire the domains. Connects to nothing yet: pools open on first use."""
    engine = create_engine(
        settings.sql_url, statement_timeout=settings.sql_statement_timeout_seconds
    )
    reader = engine
    if engine.dialect.name != "sqlite":  # one SQLite file (or memory) is one engine
        reader = create_engine(
            settings.sql_url,
            statement_timeout=settings.sql_statement_timeout_seconds,
            autocommit=True,
        )
    sessions = session_factory(engine)
    broker: Broker = RedisBroker(settings.redis_url) if settings.redis_url else InMemoryBroker()
    store, store_name, close_store = _job_store(settings)
    validator = (
        TokenValidator(
            settings.oidc_issuer,
            settings.oidc_audience,
            leeway=settings.oidc_leeway_seconds,
            min_refresh_seconds=settings.oidc_jwks_min_refresh_seconds,
            max_age_seconds=settings.oidc_jwks_max_age_seconds,
        )
        if settings.oidc_issuer
        else None
    )
    identities = IdentityResolver(
        sessions,
        login_claim=settings.oidc_login_claim,
        staff_role=settings.oidc_staff_role,
        worker_role=settings.oidc_worker_role,
        beamline_role=settings.oidc_beamline_role,
        beamlines_claim=settings.oidc_beamlines_claim,
        refuse_unknown=settings.refuse_unknown_persons,
    )
    services = Services(
        settings=settings,
        engine=engine,
        reader=reader,
        sessions=sessions,
        broker=broker,
        jobs=JobService(
            store,
            load_catalogue(settings.catalogue_dir),
            broker,
            lease_seconds=settings.job_lease_seconds,
            max_attempts=settings.job_max_attempts,
            max_file_bytes=settings.max_upload_bytes,
            quotas=Quotas(
                per_minute=settings.job_quota_per_minute,
                pending=settings.job_quota_pending,
                max_items=settings.job_max_items,
            ),
            # Several sweeps' worth: a sweep that failed (the store away) is made good later.
            announce_lookback=timedelta(seconds=max(60.0, 4 * settings.job_sweep_seconds)),
        ),
        job_store_name=store_name,
        auth=Authenticator(validator, identities),
        metrics=Metrics(),
    )
    services.closers += [engine.dispose, broker.close]
    if reader is not engine:
        services.closers.append(reader.dispose)
    if settings.redis_url:
        services.idempotency_keys = RedisKeys(settings.redis_url)
    services.closers.append(services.idempotency_keys.close)
    if validator is not None:
        services.closers.append(validator.aclose)
    if close_store is not None:
        services.closers.append(close_store)
    return services


def _report_live_schema(schema: LiveSchema) -> None:
    for difference in schema.fatal:
        log.error("live schema: %s", difference.line())
    if schema.tolerated:
        log.warning(
            "live schema: %d tolerated difference(s) from the mapped models",
            len(schema.tolerated),
        )
        for difference in schema.tolerated:
            log.warning("live schema: %s", difference.line())


async def _learn_live_schema(
    services: Services, retry_seconds: float = 2.0, report: bool = True
) -> None:
    """Learn the site's ISPyB flavour once, logging what differs; retried while the
    database is unreachable, so a replica started during an outage adapts when it returns.
    (`ispyb-gateway serve` refuses a fatal difference before it starts: `db adopt` tells.)"""
    while True:
        try:
            schema = await services.learn_live_schema()
        except (DBAPIError, OSError) as exc:
            log.warning("live schema not learned yet (%s); retrying", type(exc).__name__)
            await asyncio.sleep(retry_seconds)
            continue
        if report:
            _report_live_schema(schema)
        return


async def _sweep_forever(services: Services) -> None:
    """Expire leases and over-long waits, announce changes nobody announced; every replica
    may run it, sweeps are idempotent."""
    while True:
        await asyncio.sleep(services.settings.job_sweep_seconds)
        try:
            changed = await services.jobs.sweep()
            if changed:
                log.info("sweeper moved %d job(s)", len(changed))
            await services.jobs.announce_missed()
        except Exception as exc:  # a failing sweep must not stop the next one
            if is_outage(exc):
                log.warning("job sweep skipped: the job store or the broker is unavailable")
            else:
                log.exception("job sweep failed")


def _is4a_paths(prefix: str) -> tuple[str, ...]:
    """Where the IS4A API answers (for the REST shape of refused tokens)."""
    if prefix == "/":
        return ("/jobs", "/openapi.json")
    return (prefix,) if prefix else ()


def _metrics_route(services: Services) -> list[BaseRoute]:
    """`/metrics` as `GATEWAY_METRICS_ACCESS` says: for anyone, staff tokens only, or absent."""
    access = services.settings.metrics_access
    if access == "off":
        return []
    if access == "public":
        return [Route("/metrics", services.metrics.endpoint)]

    async def staff_only(request: Request) -> Response:
        if not viewer(request).is_staff:
            return error(request, 403, "FORBIDDEN", "metrics are for staff")
        return await services.metrics.endpoint(request)

    return [Route("/metrics", staff_only)]


def _lane(settings: Settings, services: Services) -> Lane | None:
    """The second loop for long queries (gateway.lane), where it can have its own pools.

    Not with SQLite (an in-memory database exists once, in its engine) nor with the
    in-process job store (its state lives on the main loop): there, all runs inline."""
    if settings.heavy_query_cost == 0 or settings.mongo_url is None:
        return None
    if services.engine.dialect.name == "sqlite":
        return None

    def build() -> Services:
        lane_services = build_services(settings)
        lane_services.metrics = services.metrics
        return lane_services

    return Lane(build, lambda lane_services: _learn_live_schema(lane_services, report=False))


def create_app(settings: Settings, services: Services | None = None) -> Starlette:
    services = services or build_services(settings)
    lane = _lane(settings, services)
    graphql = GatewayGraphQL(services, lane=lane)
    # What each service is, never where: /readyz answers anyone, URLs and paths help attackers.
    sql_kind = make_url(settings.sql_url).get_backend_name()
    health = Health(
        [
            Check("ispyb-sql", lambda: ping(services.engine), sql_kind),
            Check("jobs", services.jobs.store.ping, services.job_store_name),
            Check("events", services.broker.ping, services.broker.name),
        ]
    )

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if settings.demo:
            log.warning("DEMO MODE: embedded database, in-process jobs and a demo sign-in")
        learner = asyncio.create_task(_learn_live_schema(services))
        # Serve only once the reads are rendered for this database, when it answers now.
        await asyncio.wait({learner}, timeout=10)
        await services.jobs.store.ensure_indexes()
        sweeper = asyncio.create_task(_sweep_forever(services))
        # SQLAlchemy configures our mappers at the first ORM use, holding a lock the lane
        # waits on too: done by the first request, it stopped the main loop ~200 ms.
        Base.registry.configure()
        # Loads anyio's asyncio backend, which a first request would import (~40 ms).
        await anyio.lowlevel.checkpoint()
        # Schema, models and metadata are large object graphs that live as long as the
        # process: freezing them keeps every later full collection from walking them
        # again (without it, one landing in a request added tens of ms to its p95).
        gc.collect()
        gc.freeze()
        # A page allocates tens of thousands of short-lived objects; collecting the
        # young generation every 700 of them (the default) cost ~2 ms at p50 and ~15 ms
        # at p95 on the session page. Not every 50,000 either: a collection stops every
        # thread, and one over 50,000 young objects of a big result took 50-140 ms
        # (`gateway_gc_pause_seconds`, bench.stall); every 10,000: none over 50 ms.
        gc.set_threshold(10_000, 50, 1000)
        unwatch_gc = services.metrics.watch_gc()
        if lane is not None:
            await lane.start()
        yield
        unwatch_gc()
        for task in (sweeper, learner):
            task.cancel()
            with suppress(asyncio.CancelledError):
                await task
        if lane is not None:
            await lane.close()
        await services.close()

    graphql_socket = WebSocketRoute("/graphql", graphql)
    routes: list[BaseRoute] = [
        Route("/healthz", health.healthz),
        Route("/readyz", health.readyz),
        *_metrics_route(services),
        Route("/graphql", graphql, methods=["GET", "POST"]),
        graphql_socket,
        *files.routes(services),
        *ui.routes(settings),
    ]
    if settings.demo:
        # Same validation path as production: the gateway fetches this issuer's JWKS over HTTP.
        issuer = DemoIssuer(
            settings.oidc_issuer or "", demo=True, audience=settings.oidc_audience or ""
        )
        routes.append(Mount("/demo-issuer", routes=issuer.routes()))
    if settings.is4a_prefix:
        # Last: with the prefix `/` its mount matches every path the others did not take.
        prefix = settings.is4a_prefix.rstrip("/")
        routes.append(Mount(prefix, app=is4a.app(services, prefix or "/")))
    drain = Drain()  # `serve` closes its WebSockets with 1001 on SIGTERM
    trimmer = Trimmer(settings.memory_trim_mb)  # heap given back after heavy requests
    app = Starlette(
        routes=routes,
        middleware=[
            Middleware(DrainMiddleware, drain=drain),
            # Subscribers' sockets skip the HTTP-only layers below (a frame each per socket).
            Middleware(WebSocketShortcut, routes=[graphql_socket]),
            Middleware(MemoryTrimMiddleware, trimmer=trimmer),
            Middleware(RequestIdMiddleware),
            Middleware(
                DeadlineMiddleware,
                seconds=settings.request_timeout_seconds,
                exempt=upload_paths(settings.is4a_prefix),
            ),
            Middleware(
                BodyLimitMiddleware,
                limit=settings.max_body_bytes,
                exempt=upload_paths(settings.is4a_prefix),
            ),
            Middleware(
                AuthMiddleware,
                authenticator=services.auth,
                rest_prefixes=_is4a_paths(settings.is4a_prefix),
            ),
        ],
        lifespan=lifespan,
    )
    app.state.services = services
    app.state.drain = drain
    app.state.trimmer = trimmer
    return app
