"""Prometheus metrics: one registry per app, so tests can build many apps in one process."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram, Metric, generate_latest
from prometheus_client.core import CounterMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from prometheus_client.registry import Collector
from starlette.requests import Request
from starlette.responses import Response

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class DirectMessages(Collector):
    """Shared subscription events offered to a socket from the broker's pass: counted as
    plain integers, once per socket and event, where a labelled `Counter` (a lock and a
    child lookup per increment) was a twentieth of the pass."""

    def __init__(self) -> None:
        self.written = 0
        self.queued = 0

    def collect(self) -> Iterator[Metric]:
        family = CounterMetricFamily(
            "gateway_subscription_direct_messages",
            "Shared subscription events offered to a socket from the broker's pass "
            "(gateway.graphql.fanout): written there, or queued for strawberry's path.",
            labels=["outcome"],
        )
        family.add_metric(["written"], self.written)
        family.add_metric(["queued"], self.queued)
        yield family


@dataclass
class Metrics:
    registry: CollectorRegistry = field(default_factory=CollectorRegistry)

    def __post_init__(self) -> None:
        self.operations = Counter(
            "gateway_graphql_operations_total",
            "GraphQL operations by name, type and outcome.",
            ["operation", "type", "outcome"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "gateway_graphql_operation_seconds",
            "GraphQL operation latency by name and type.",
            ["operation", "type"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.http_requests = Counter(
            "gateway_http_requests_total",
            "HTTP requests by route and status code.",
            ["route", "status"],
            registry=self.registry,
        )
        self.gc_pauses = Histogram(
            "gateway_gc_pause_seconds",
            "Garbage-collector runs by generation: the whole process (every thread) waits.",
            ["generation"],
            buckets=(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0),
            registry=self.registry,
        )
        self.lane_operations = Counter(
            "gateway_lane_operations_total",
            "GraphQL queries run on the lane for long queries (GATEWAY_HEAVY_QUERY_COST).",
            registry=self.registry,
        )
        self.direct_queries = Counter(
            "gateway_direct_queries_total",
            "GraphQL queries answered by their plan alone, the pipeline having accepted "
            "their text before (gateway.graphql.planner.direct).",
            registry=self.registry,
        )
        self.direct = DirectMessages()
        self.registry.register(self.direct)

    def watch_gc(self) -> Callable[[], None]:
        """Time every collection (gc.callbacks) until the returned function is called."""
        started: list[float] = []

        def timed(phase: str, info: dict[str, Any]) -> None:
            if phase == "start":
                started[:] = [time.perf_counter()]
            elif started:
                self.gc_pauses.labels(str(info["generation"])).observe(
                    time.perf_counter() - started[0]
                )

        gc.callbacks.append(timed)
        return lambda: gc.callbacks.remove(timed)

    def observe_operation(self, name: str, kind: str, outcome: str, seconds: float) -> None:
        self.operations.labels(name, kind, outcome).inc()
        self.latency.labels(name, kind).observe(seconds)

    async def endpoint(self, request: Request) -> Response:
        return Response(generate_latest(self.registry), media_type=CONTENT_TYPE_LATEST)
