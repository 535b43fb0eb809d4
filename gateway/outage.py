"""Which failures mean "a backing service is unreachable right now", not a bug.

MariaDB restarting, the job store failing over, Redis gone: the client should get
`SERVICE_UNAVAILABLE` (HTTP 503 on REST routes) and retry, and the log a warning
without a traceback, instead of `INTERNAL_SERVER_ERROR`. How long a request waits
before it learns so is bounded by each client's connect or server-selection timeout
(SQL 5 s, MongoDB 3 s, Redis 3 s) and, overall, by `GATEWAY_REQUEST_TIMEOUT_SECONDS`.
"""

from __future__ import annotations

from pymongo.errors import ConnectionFailure
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

#: MySQL/MariaDB client and server codes of a lost or refused connection, or a server
#: going down: can't connect, gone away, lost, shutdown in progress, connection killed.
_SQL_CONNECTION_CODES = frozenset({2002, 2003, 2006, 2013, 2055, 1053, 1927})

_UNREACHABLE = (
    ConnectionFailure,  # pymongo: AutoReconnect, NetworkTimeout, ServerSelectionTimeoutError
    RedisConnectionError,
    RedisTimeoutError,
    PoolTimeoutError,  # every pooled SQL connection busy or being opened
    ConnectionError,  # the OS's: refused, reset, broken pipe
)


def is_outage(exc: BaseException) -> bool:
    """True when `exc` (or what caused it) says a backing service cannot be reached."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, _UNREACHABLE):
            return True
        if isinstance(current, DBAPIError):
            if current.connection_invalidated:
                return True
            args = getattr(current.orig, "args", ())
            if args and args[0] in _SQL_CONNECTION_CODES:
                return True
        current = current.__cause__ or current.__context__
    return False


MESSAGE = "a backing service is unavailable; retry in a few seconds"
