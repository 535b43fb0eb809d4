"""Which failures mean "a backing service is unreachable right now", not a bug.

MariaDB restarting, the job store failing over, Redis gone: the client should get
`SERVICE_UNAVAILABLE` (HTTP 503 on REST routes) and retry, and the log a warning
without a traceback, instead of `INTERNAL_SERVER_ERROR`. How long a request waits
before it learns so is bounded by each client's connect or server-selection timeout
(SQL 5 s, MongoDB 3 s, Redis 3 s) and, overall, by `GATEWAY_REQUEST_TIMEOUT_SECONDS`.
"""

from __future__ import annotations

from pymongo.errors import ConnectionFailure, OperationFailure
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

#: MySQL/MariaDB client and server codes of a lost or refused connection, or a server
#: going down: can't connect, gone away, lost, shutdown in progress, connection killed.
_SQL_CONNECTION_CODES = frozenset({2002, 2003, 2006, 2013, 2055, 1053, 1927})

#: MongoDB codes of an operation cut by the server going or stepping down: interrupted at
#: shutdown, shutdown in progress, interrupted by a state change, primary stepped down.
_MONGO_SHUTDOWN_CODES = frozenset({11600, 91, 11602, 189})

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
        if isinstance(current, _UNREACHABLE) or _mongo_interrupted(current):
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


def _mongo_interrupted(exc: BaseException) -> bool:
    """An operation the job store's server cut short as it went down. FerretDB says so
    with an internal error naming its cancelled context."""
    if not isinstance(exc, OperationFailure):
        return False
    if exc.code in _MONGO_SHUTDOWN_CODES:
        return True
    message = str((exc.details or {}).get("errmsg", ""))
    return exc.code == 1 and "context canceled" in message
