"""SchemaStatus: the ISPyB record of which schema scripts a database has run."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import text
from sqlalchemy.dialects import mysql
from sqlalchemy.orm import Mapped, mapped_column

from gateway.sql.base import Base
from gateway.sql.types import PK_INT


class SchemaStatus(Base):
    __tablename__ = "SchemaStatus"

    schemaStatusId: Mapped[int] = mapped_column(PK_INT(11), primary_key=True)
    scriptName: Mapped[str] = mapped_column(mysql.VARCHAR(100), nullable=False)
    schemaStatus: Mapped[str | None] = mapped_column(mysql.VARCHAR(10), nullable=True)
    recordTimeStamp: Mapped[datetime] = mapped_column(
        mysql.TIMESTAMP(), nullable=False, server_default=text("CURRENT_TIMESTAMP")
    )
