"""Column types of the official ISPyB schema that also build the SQLite demo database.

MariaDB/MySQL get the exact MySQL type (width, UNSIGNED); SQLite gets the
nearest generic type. Integer primary keys are `Integer` on SQLite because only
`INTEGER PRIMARY KEY` auto-increments there (a BIGINT or INT(10) UNSIGNED key
would not).
"""

from __future__ import annotations

from typing import cast

from sqlalchemy import Integer, LargeBinary, SmallInteger
from sqlalchemy.dialects import mysql
from sqlalchemy.types import TypeEngine

_MYSQL = ("mysql", "mariadb")


def key_int(width: int, *, unsigned: bool = True) -> TypeEngine[int]:
    """An auto-incremented integer primary key: INT(width) [UNSIGNED], INTEGER on SQLite."""
    return Integer().with_variant(mysql.INTEGER(width, unsigned=unsigned), *_MYSQL)


def tinyint(width: int, *, unsigned: bool = False) -> TypeEngine[int]:
    """TINYINT(width) [UNSIGNED]: flags (TINYINT(1)) and small counters; SMALLINT on SQLite."""
    return SmallInteger().with_variant(mysql.TINYINT(width, unsigned=unsigned), *_MYSQL)


def double() -> TypeEngine[float]:
    """DOUBLE, read back as a Python float (not Decimal), on every backend."""
    return cast("TypeEngine[float]", mysql.DOUBLE(asdecimal=False))


def longblob() -> TypeEngine[bytes]:
    """LONGBLOB; BLOB on SQLite."""
    return LargeBinary().with_variant(mysql.LONGBLOB(), *_MYSQL)
