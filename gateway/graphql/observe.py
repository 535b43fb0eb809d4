"""Per-operation metrics, recorded from inside strawberry's lifecycle and by the direct path."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

from strawberry.extensions import SchemaExtension

from gateway.http.metrics import Metrics

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")


class Operations:
    """Counts and times operations by name.

    Operation names come from clients, so they are label values an attacker
    controls: only well-formed names are kept, and only the first
    `max_names` distinct ones; the rest are counted as `other`.
    """

    def __init__(self, metrics: Metrics, max_names: int = 200) -> None:
        self.metrics = metrics
        self.known: set[str] = set()
        self.max_names = max_names

    def label(self, name: str | None) -> str:
        if not name:
            return "anonymous"
        if name in self.known:
            return name
        if _NAME.match(name) and len(self.known) < self.max_names:
            self.known.add(name)
            return name
        return "other"

    def observe(self, name: str | None, kind: str, failed: bool, seconds: float) -> None:
        self.metrics.observe_operation(self.label(name), kind, "error" if failed else "ok", seconds)


class OperationMetrics(SchemaExtension):
    """`Operations` for each operation strawberry runs."""

    def __init__(self, *, operations: Operations) -> None:
        self.operations = operations

    def on_operation(self) -> Iterator[None]:
        started = time.perf_counter()
        yield
        ctx = self.execution_context
        try:
            kind = ctx.operation_type.value
        except Exception:  # no parsable operation: nothing to type it by
            kind = "unknown"
        failed = bool(ctx.pre_execution_errors or (ctx.result and ctx.result.errors))
        self.operations.observe(ctx.operation_name, kind, failed, time.perf_counter() - started)
