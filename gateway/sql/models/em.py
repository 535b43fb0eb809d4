"""Electron microscopy: movies, motion correction and CTF estimation."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, text
from sqlalchemy.dialects import mysql
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gateway.sql.base import Base
from gateway.sql.models._types import key_int

if TYPE_CHECKING:
    from gateway.sql.models.collection import DataCollection


class Movie(Base):
    """An electron microscopy movie."""

    __tablename__ = "Movie"
    __table_args__ = (
        Index("dataCollectionToMovie_idx", "dataCollectionId"),
        Index("movieFullPath_idx", "movieFullPath", mysql_length=191),
        {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4"},
    )

    movieId: Mapped[int] = mapped_column(key_int(11, unsigned=False), primary_key=True)
    dataCollectionId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10, unsigned=True),
        ForeignKey(
            "DataCollection.dataCollectionId", name="dataCollectionToMovie", ondelete="CASCADE"
        ),
        nullable=True,
    )
    movieNumber: Mapped[int | None] = mapped_column(mysql.INTEGER(11), nullable=True)
    movieFullPath: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    positionX: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    positionY: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    micrographFullPath: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    micrographSnapshotFullPath: Mapped[str | None] = mapped_column(
        mysql.VARCHAR(255), nullable=True
    )
    xmlMetaDataFullPath: Mapped[str | None] = mapped_column(mysql.VARCHAR(255), nullable=True)
    dosePerImage: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    createdTimeStamp: Mapped[datetime] = mapped_column(
        mysql.TIMESTAMP(), nullable=False, server_default=text("CURRENT_TIMESTAMP")
    )

    dataCollection: Mapped[DataCollection | None] = relationship(
        back_populates="movies", lazy="raise"
    )
    motionCorrections: Mapped[list[MotionCorrection]] = relationship(
        back_populates="movie", passive_deletes=True, lazy="raise"
    )


class MotionCorrection(Base):
    """Motion correction of a movie."""

    __tablename__ = "MotionCorrection"
    __table_args__ = (
        Index("fk_MotionCorrection_1_idx", "movieId"),
        {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4"},
    )

    motionCorrectionId: Mapped[int] = mapped_column(key_int(11, unsigned=False), primary_key=True)
    movieId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(11),
        ForeignKey("Movie.movieId", name="fk_MotionCorrection_1", ondelete="CASCADE"),
        nullable=True,
    )
    firstFrame: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    lastFrame: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    dosePerFrame: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    doseWeight: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    totalMotion: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    averageMotionPerFrame: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    driftPlotFullPath: Mapped[str | None] = mapped_column(mysql.VARCHAR(512), nullable=True)
    micrographFullPath: Mapped[str | None] = mapped_column(mysql.VARCHAR(512), nullable=True)
    micrographSnapshotFullPath: Mapped[str | None] = mapped_column(
        mysql.VARCHAR(512), nullable=True
    )
    correctedDoseMicrographFullPath: Mapped[str | None] = mapped_column(
        mysql.VARCHAR(512), nullable=True
    )
    patchesUsed: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    logFileFullPath: Mapped[str | None] = mapped_column(mysql.VARCHAR(512), nullable=True)
    createdTimeStamp: Mapped[datetime] = mapped_column(
        mysql.TIMESTAMP(), nullable=False, server_default=text("CURRENT_TIMESTAMP")
    )

    movie: Mapped[Movie | None] = relationship(back_populates="motionCorrections", lazy="raise")
    ctfs: Mapped[list[CTF]] = relationship(
        back_populates="motionCorrection",
        primaryjoin="MotionCorrection.motionCorrectionId == foreign(CTF.motionCorrectionId)",
        lazy="raise",
    )


class CTF(Base):
    """CTF estimation of a motion-corrected micrograph."""

    __tablename__ = "CTF"
    __table_args__ = (
        Index("fk_CTF_1_idx", "motionCorrectionId"),
        {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4"},
    )

    CTFid: Mapped[int] = mapped_column(key_int(11, unsigned=False), primary_key=True)
    motionCorrectionId: Mapped[int] = mapped_column(mysql.INTEGER(11), nullable=False)
    spectraImageThumbnailFullPath: Mapped[str | None] = mapped_column(
        mysql.VARCHAR(512), nullable=True
    )
    spectraImageFullPath: Mapped[str | None] = mapped_column(mysql.VARCHAR(512), nullable=True)
    defocusU: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    defocusV: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    angle: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    crossCorrelationCoefficient: Mapped[str | None] = mapped_column(
        mysql.VARCHAR(45), nullable=True
    )
    resolutionLimit: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    estimatedBfactor: Mapped[str | None] = mapped_column(mysql.VARCHAR(45), nullable=True)
    logFilePath: Mapped[str | None] = mapped_column(mysql.VARCHAR(512), nullable=True)
    createdTimeStamp: Mapped[datetime] = mapped_column(
        mysql.TIMESTAMP(), nullable=False, server_default=text("CURRENT_TIMESTAMP")
    )

    motionCorrection: Mapped[MotionCorrection] = relationship(
        back_populates="ctfs",
        primaryjoin="MotionCorrection.motionCorrectionId == foreign(CTF.motionCorrectionId)",
        lazy="raise",
    )
