"""Declarative base shared by every ISPyB model."""

from __future__ import annotations

from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    """Models map existing ISPyB tables: names and types follow the official schema."""
