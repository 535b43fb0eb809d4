"""Electron microscopy: movies, motion correction and CTF estimation."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, text
from sqlalchemy.dialects import mysql
from sqlalchemy.orm import Mapped, mapped_column

from gateway.sql.base import Base
from gateway.sql.types import PK_INT


class Movie(Base):
    __tablename__ = "Movie"
    __table_args__ = (
        Index("ix_Movie_dataCollectionId", "dataCollectionId"),
        Index("ix_Movie_movieFullPath", "movieFullPath"),
    )

    movieId: Mapped[int] = mapped_column(PK_INT(11), primary_key=True)
    dataCollectionId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(10),
        ForeignKey("DataCollection.dataCollectionId", ondelete="CASCADE"),
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


class MotionCorrection(Base):
    __tablename__ = "MotionCorrection"
    __table_args__ = (Index("ix_MotionCorrection_movieId", "movieId"),)

    motionCorrectionId: Mapped[int] = mapped_column(PK_INT(11), primary_key=True)
    movieId: Mapped[int | None] = mapped_column(
        mysql.INTEGER(11), ForeignKey("Movie.movieId", ondelete="CASCADE"), nullable=True
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


class CTF(Base):
    __tablename__ = "CTF"
    __table_args__ = (Index("ix_CTF_motionCorrectionId", "motionCorrectionId"),)

    CTFid: Mapped[int] = mapped_column(PK_INT(11), primary_key=True)
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
