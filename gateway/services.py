"""The wired domain services one gateway process shares between requests.

Built by the app factory at start-up and closed at shutdown; the GraphQL and
REST layers only ever reach the databases through what is in here.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from gateway.auth.middleware import Authenticator
from gateway.events.broker import Broker
from gateway.http.metrics import Metrics
from gateway.jobs.service import JobService
from gateway.settings import Settings
from gateway.sql.adapt import attach, learn_and_attach
from gateway.sql.live import LiveSchema


@dataclass
class Services:
    settings: Settings
    engine: AsyncEngine
    # Autocommit connections for reads: one round trip per statement, no ROLLBACK after
    # it. Never write through it (each statement would commit alone). SQLite: `engine`.
    reader: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    broker: Broker
    jobs: JobService
    job_store_name: str
    auth: Authenticator
    metrics: Metrics = field(default_factory=Metrics)
    closers: list[Callable[[], Awaitable[object]]] = field(default_factory=list)

    async def learn_live_schema(self) -> LiveSchema:
        """Learn the site's ISPyB flavour and render every statement of both engines for it."""
        schema = await learn_and_attach(self.engine)
        if self.reader is not self.engine:
            attach(self.reader, schema)
        return schema

    async def close(self) -> None:
        for close in reversed(self.closers):
            await close()
