"""Where the real servers for the test suite come from.

Order of precedence: a URL in the environment (set by scripts/services.sh or by
the developer), then testcontainers when a Docker engine answers (MySQL 8,
MongoDB 7, Redis 7). There is no third option: a suite that cannot reach a
server fails loudly instead of skipping, so CI can never pass without them.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass

import pytest
from sqlalchemy.engine import make_url


@dataclass(frozen=True)
class ServiceURLs:
    mysql: str
    mongo: str
    redis: str
    origin: str


def _docker_available() -> bool:
    try:
        import docker  # type: ignore[import-untyped]

        docker.from_env().ping()
        return True
    except Exception:
        return False


def _from_testcontainers(stack: ExitStack) -> ServiceURLs:
    from testcontainers.mongodb import MongoDbContainer
    from testcontainers.mysql import MySqlContainer
    from testcontainers.redis import RedisContainer

    mysql = stack.enter_context(MySqlContainer("mysql:8.0", username="gateway", password="gateway"))
    mongo = stack.enter_context(MongoDbContainer("mongo:7"))
    redis = stack.enter_context(RedisContainer("redis:7"))
    mysql_url = (
        f"mysql+asyncmy://gateway:gateway@{mysql.get_container_host_ip()}:"
        f"{mysql.get_exposed_port(3306)}/"
    )
    return ServiceURLs(
        mysql=mysql_url,
        mongo=mongo.get_connection_url(),
        redis=f"redis://{redis.get_container_host_ip()}:{redis.get_exposed_port(6379)}/0",
        origin="testcontainers (MySQL 8, MongoDB 7, Redis 7)",
    )


def discover() -> Iterator[ServiceURLs]:
    env = {k: os.environ.get(f"GATEWAY_TEST_{k.upper()}_URL") for k in ("mysql", "mongo", "redis")}
    if all(env.values()):
        yield ServiceURLs(
            mysql=env["mysql"] or "",
            mongo=env["mongo"] or "",
            redis=env["redis"] or "",
            origin="environment (scripts/services.sh: MariaDB, FerretDB, Redis)",
        )
        return
    if _docker_available():
        with ExitStack() as stack:
            yield _from_testcontainers(stack)
        return
    pytest.fail(
        "no test servers: run the suite through ./scripts/test.sh, or set "
        "GATEWAY_TEST_MYSQL_URL, GATEWAY_TEST_MONGO_URL and GATEWAY_TEST_REDIS_URL",
        pytrace=False,
    )


def unique_name(prefix: str) -> str:
    """A database name no other test (or earlier run) uses."""
    return f"{prefix}_{uuid.uuid4().hex[:10]}"


def with_driver(url: str, driver: str) -> str:
    """`url` read through another of `gateway.sql.engine.MYSQL_DRIVERS`."""
    parsed = make_url(url)
    return parsed.set(drivername=f"{parsed.get_backend_name()}+{driver}").render_as_string(
        hide_password=False
    )
