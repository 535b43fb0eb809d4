"""People and ISPyB's own permission tables (who is staff)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, text
from sqlalchemy.dialects import mysql
from sqlalchemy.orm import Mapped, mapped_column

from gateway.sql.base import Base
from gateway.sql.types import PK_INT


class Person(Base):
    __tablename__ = "Person"
    __table_args__ = (
        Index("ix_Person_familyName", "familyName"),
        Index("ix_Person_laboratoryId", "laboratoryId"),
        Index("ix_Person_login", "login"),
        Index("ix_Person_siteId", "siteId"),
    )

    personId: Mapped[int] = mapped_column(PK_INT(10), primary_key=True)
    laboratoryId: Mapped[int | None] = mapped_column(mysql.INTEGER(10), nullable=True)
    siteId: Mapped[int | None] = mapped_column(mysql.INTEGER(11), nullable=True)
    personUUID: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    familyName: Mapped[str | None] = mapped_column(mysql.VARCHAR(100), nullable=True)
    givenName: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    title: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    emailAddress: Mapped[str | None] = mapped_column(mysql.VARCHAR(60), nullable=True)
    phoneNumber: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    login: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    faxNumber: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    recordTimeStamp: Mapped[datetime] = mapped_column(
        mysql.TIMESTAMP(),
        nullable=False,
        server_default=text("CURRENT_TIMESTAMP"),
        comment="Creation or last update date/time",
    )
    externalId: Mapped[bytes | None] = mapped_column(mysql.BINARY(16), nullable=True)


class UserGroup(Base):
    __tablename__ = "UserGroup"

    userGroupId: Mapped[int] = mapped_column(PK_INT(10), primary_key=True)
    name: Mapped[str] = mapped_column(mysql.VARCHAR(31), nullable=False)


class UserGroupHasPerson(Base):
    __tablename__ = "UserGroup_has_Person"
    __table_args__ = (Index("ix_UserGroup_has_Person_personId", "personId"),)

    userGroupId: Mapped[int] = mapped_column(
        mysql.INTEGER(10),
        ForeignKey("UserGroup.userGroupId", ondelete="CASCADE", onupdate="CASCADE"),
        primary_key=True,
        autoincrement=False,
    )
    personId: Mapped[int] = mapped_column(
        mysql.INTEGER(10),
        ForeignKey("Person.personId", ondelete="CASCADE", onupdate="CASCADE"),
        primary_key=True,
        autoincrement=False,
    )


class Permission(Base):
    __tablename__ = "Permission"

    permissionId: Mapped[int] = mapped_column(PK_INT(10), primary_key=True)
    type: Mapped[str] = mapped_column(mysql.VARCHAR(15), nullable=False)
    description: Mapped[str | None] = mapped_column(mysql.VARCHAR(100), nullable=True)


class UserGroupHasPermission(Base):
    __tablename__ = "UserGroup_has_Permission"
    __table_args__ = (Index("ix_UserGroup_has_Permission_permissionId", "permissionId"),)

    userGroupId: Mapped[int] = mapped_column(
        mysql.INTEGER(10),
        ForeignKey("UserGroup.userGroupId", ondelete="CASCADE", onupdate="CASCADE"),
        primary_key=True,
        autoincrement=False,
    )
    permissionId: Mapped[int] = mapped_column(
        mysql.INTEGER(10),
        ForeignKey("Permission.permissionId", ondelete="CASCADE", onupdate="CASCADE"),
        primary_key=True,
        autoincrement=False,
    )
