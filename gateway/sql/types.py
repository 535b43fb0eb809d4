"""Column types of the official ISPyB schema that also build the embedded SQLite demo.

MariaDB/MySQL get the exact MySQL type; SQLite gets the nearest generic type
(and `INTEGER PRIMARY KEY`, which is what makes its keys auto-increment).
"""

from __future__ import annotations

from sqlalchemy import Integer, LargeBinary, SmallInteger, Text
from sqlalchemy.dialects import mysql
from sqlalchemy.types import TypeEngine

_MYSQL = ("mysql", "mariadb")


def PK_INT(width: int) -> TypeEngine[int]:
    """An auto-incremented integer primary key."""
    return Integer().with_variant(mysql.INTEGER(width), *_MYSQL)


def TINYINT(width: int | None = None) -> TypeEngine[int]:
    return SmallInteger().with_variant(mysql.TINYINT(width), *_MYSQL)


def MEDIUMINT(width: int | None = None) -> TypeEngine[int]:
    return Integer().with_variant(mysql.MEDIUMINT(width), *_MYSQL)


def TINYTEXT() -> TypeEngine[str]:
    return Text().with_variant(mysql.TINYTEXT(), *_MYSQL)


def MEDIUMTEXT() -> TypeEngine[str]:
    return Text().with_variant(mysql.MEDIUMTEXT(), *_MYSQL)


def LONGBLOB() -> TypeEngine[bytes]:
    return LargeBinary().with_variant(mysql.LONGBLOB(), *_MYSQL)
