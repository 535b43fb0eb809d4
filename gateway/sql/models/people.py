"""People and ISPyB's own groups and permissions (who is staff)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, text
from sqlalchemy.dialects import mysql
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gateway.sql.base import Base
from gateway.sql.models._types import key_int

if TYPE_CHECKING:
    from gateway.sql.models.proposal import Proposal, ProposalHasPerson, SessionHasPerson


class Person(Base):
    """Someone who logs in or is named on proposals and sessions (no credentials mapped)."""

    __tablename__ = "Person"
    __table_args__ = (
        Index("Person_FKIndex1", "laboratoryId"),
        Index("Person_FKIndexFamilyName", "familyName"),
        Index("Person_FKIndex_Login", "login"),
        Index("siteId", "siteId"),
        {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4"},
    )

    personId: Mapped[int] = mapped_column(key_int(10), primary_key=True)
    laboratoryId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True), nullable=True
    )
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

    proposals: Mapped[list[Proposal]] = relationship(
        back_populates="person", passive_deletes=True, lazy="raise"
    )
    proposalLinks: Mapped[list[ProposalHasPerson]] = relationship(
        back_populates="person", passive_deletes=True, lazy="raise"
    )
    sessionLinks: Mapped[list[SessionHasPerson]] = relationship(
        back_populates="person", passive_deletes=True, lazy="raise"
    )
    userGroupLinks: Mapped[list[UserGroupHasPerson]] = relationship(
        back_populates="person", passive_deletes=True, lazy="raise"
    )


class UserGroup(Base):
    """A named group of people, e.g. the beamline staff."""

    __tablename__ = "UserGroup"
    __table_args__ = (
        Index("UserGroup_idx1", "name", unique=True),
        {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4"},
    )

    userGroupId: Mapped[int] = mapped_column(key_int(10), primary_key=True)
    name: Mapped[str] = mapped_column(mysql.VARCHAR(31), nullable=False)

    personLinks: Mapped[list[UserGroupHasPerson]] = relationship(
        back_populates="userGroup", passive_deletes=True, lazy="raise"
    )
    permissionLinks: Mapped[list[UserGroupHasPermission]] = relationship(
        back_populates="userGroup", passive_deletes=True, lazy="raise"
    )


class UserGroupHasPerson(Base):
    """Membership of a person in a user group."""

    __tablename__ = "UserGroup_has_Person"
    __table_args__ = (
        Index("userGroup_has_Person_fk2", "personId"),
        {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4"},
    )

    userGroupId: Mapped[int] = mapped_column(
        mysql.INTEGER(10, unsigned=True),
        ForeignKey(
            "UserGroup.userGroupId",
            name="userGroup_has_Person_fk1",
            ondelete="CASCADE",
            onupdate="CASCADE",
        ),
        primary_key=True,
        autoincrement=False,
    )
    personId: Mapped[int] = mapped_column(
        mysql.INTEGER(10, unsigned=True),
        ForeignKey(
            "Person.personId",
            name="userGroup_has_Person_fk2",
            ondelete="CASCADE",
            onupdate="CASCADE",
        ),
        primary_key=True,
        autoincrement=False,
    )

    userGroup: Mapped[UserGroup] = relationship(back_populates="personLinks", lazy="raise")
    person: Mapped[Person] = relationship(back_populates="userGroupLinks", lazy="raise")


class Permission(Base):
    """A permission such as `all_proposals`, granted to user groups."""

    __tablename__ = "Permission"
    __table_args__ = {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4"}

    permissionId: Mapped[int] = mapped_column(key_int(10), primary_key=True)
    type: Mapped[str] = mapped_column(mysql.VARCHAR(15), nullable=False)
    description: Mapped[str | None] = mapped_column(mysql.VARCHAR(100), nullable=True)

    userGroupLinks: Mapped[list[UserGroupHasPermission]] = relationship(
        back_populates="permission", passive_deletes=True, lazy="raise"
    )


class UserGroupHasPermission(Base):
    """A permission granted to a user group."""

    __tablename__ = "UserGroup_has_Permission"
    __table_args__ = (
        Index("UserGroup_has_Permission_fk2", "permissionId"),
        {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4"},
    )

    userGroupId: Mapped[int] = mapped_column(
        mysql.INTEGER(10, unsigned=True),
        ForeignKey(
            "UserGroup.userGroupId",
            name="UserGroup_has_Permission_fk1",
            ondelete="CASCADE",
            onupdate="CASCADE",
        ),
        primary_key=True,
        autoincrement=False,
    )
    permissionId: Mapped[int] = mapped_column(
        mysql.INTEGER(10, unsigned=True),
        ForeignKey(
            "Permission.permissionId",
            name="UserGroup_has_Permission_fk2",
            ondelete="CASCADE",
            onupdate="CASCADE",
        ),
        primary_key=True,
        autoincrement=False,
    )

    userGroup: Mapped[UserGroup] = relationship(back_populates="permissionLinks", lazy="raise")
    permission: Mapped[Permission] = relationship(back_populates="userGroupLinks", lazy="raise")
