"""SchemaStatus: ISPyB's own record of the schema scripts a database has run."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, text
from sqlalchemy.dialects import mysql
from sqlalchemy.orm import Mapped, mapped_column

from gateway.sql.base import Base
from gateway.sql.models._types import key_int


class SchemaStatus(Base):
    """A schema script applied to the database."""

    __tablename__ = "SchemaStatus"
    __table_args__ = (
        Index("scriptName", "scriptName", unique=True),
        {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4"},
    )

    schemaStatusId: Mapped[int] = mapped_column(key_int(11, unsigned=False), primary_key=True)
    scriptName: Mapped[str] = mapped_column(mysql.VARCHAR(100), nullable=False)
    schemaStatus: Mapped[str | None] = mapped_column(mysql.VARCHAR(10), nullable=True)
    recordTimeStamp: Mapped[datetime] = mapped_column(
        mysql.TIMESTAMP(), nullable=False, server_default=text("CURRENT_TIMESTAMP")
    )
