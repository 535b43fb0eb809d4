"""Schemathesis over a running gateway: every generated request, checked for what must
never reach a client (5xx, INTERNAL_SERVER_ERROR, a traceback, SQL, a source path)."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import graphql
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.graphql import nodes

#: What a response must never contain, whoever asks and whatever they send.
LEAKS = re.compile(
    r"Traceback|INTERNAL_SERVER_ERROR|Internal server error|sqlalchemy|pymysql|aiomysql|asyncmy|pymongo"
    r"|\bSELECT\b.*\bFROM\b|\bINSERT INTO\b|\bUPDATE\b.*\bSET\b|File \"/|/gateway/[a-z_/]+\.py",
    re.DOTALL,
)


def _json_values() -> st.SearchStrategy[graphql.ValueNode]:
    """Any JSON value as a GraphQL literal: the `JSON` scalar (job parameters, inputs)."""
    leaves = st.one_of(
        st.text(max_size=20).map(nodes.String),
        st.integers(min_value=-(2**70), max_value=2**70).map(nodes.Int),
        st.floats(allow_nan=False, allow_infinity=False).map(nodes.Float),
        st.booleans().map(nodes.Boolean),
        st.just(nodes.Null),
    )
    keys = st.from_regex(r"[A-Za-z_$.][A-Za-z0-9_.$]{0,10}", fullmatch=True)
    return st.recursive(
        leaves,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4).map(nodes.List),
            st.dictionaries(keys, inner, max_size=4).map(
                lambda d: nodes.Object(
                    [
                        graphql.ObjectFieldNode(name=graphql.NameNode(value=k), value=v)
                        for k, v in d.items()
                    ]
                )
            ),
        ),
        max_leaves=12,
    )


schemathesis.graphql.scalar("JSON", _json_values())
# What the server accepts and what it must refuse cleanly: ISO dates, and anything.
schemathesis.graphql.scalar(
    "DateTime",
    st.one_of(
        st.datetimes().map(lambda d: nodes.String(d.isoformat())),
        st.text(max_size=30).map(nodes.String),
    ),
)


@dataclass
class Findings:
    requests: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    codes: Counter[str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)

    def check(self, label: str, role: str, case: Any, response: requests.Response) -> None:
        self.requests += 1
        self.statuses[response.status_code] += 1
        text = response.text
        for error in _errors(text):
            self.codes[str((error.get("extensions") or {}).get("code"))] += 1
        problem = None
        if response.status_code >= 500:
            problem = f"HTTP {response.status_code}"
        elif (leak := LEAKS.search(text)) is not None:
            problem = f"leaks {leak.group(0)[:60]!r}"
        if problem and len(self.failures) < 50:
            sent = json.dumps(case.body, default=str)[:600] if case.body is not None else ""
            self.failures.append(
                f"{label} as {role}: {problem}\n  sent {case.method} {case.formatted_path}"
                f" query={case.query} body={sent}\n  got {text[:600]}"
            )


def _errors(text: str) -> list[dict[str, Any]]:
    try:
        body = json.loads(text)
    except ValueError:
        return []
    errors = body.get("errors") if isinstance(body, dict) else None
    return [e for e in errors if isinstance(e, dict)] if isinstance(errors, list) else []


def fuzz(
    schema: schemathesis.BaseSchema,
    base_url: str,
    roles: dict[str, dict[str, str]],
    examples: int,
    findings: Findings,
    modes: tuple[schemathesis.GenerationMode, ...] = (schemathesis.GenerationMode.POSITIVE,),
) -> None:
    """`examples` generated requests per operation, mode and role (blocking: run it in a
    thread, the test's event loop serves the OpenID issuer meanwhile)."""
    session = requests.Session()
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in modes:
            strategy = operation.as_strategy(mode)
            for role, headers in roles.items():
                _run(operation, strategy, role, headers, base_url, session, examples, findings)


def _run(
    operation: Any,
    strategy: Any,
    role: str,
    headers: dict[str, str],
    base_url: str,
    session: requests.Session,
    examples: int,
    findings: Findings,
) -> None:
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def one(case: Any) -> None:
        response = case.call(base_url=base_url, session=session, headers=headers, timeout=60)
        findings.check(operation.label, role, case, response)

    one()
