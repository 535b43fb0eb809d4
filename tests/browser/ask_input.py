"""The command the reference worker runs in the browser tests.

First run: stays RUNNING a moment, then asks the owner for a number (the job goes ONHOLD,
see gateway/worker/runner.py). Once the owner has answered, the job is claimed again and
this run writes the log the test downloads.
"""

from __future__ import annotations

import json
import os
import time
from typing import Any

import httpx

HISTORY = "query($id: String!) { job(jobId: $id) { history { to message } } }"
ASK = """mutation($id: String!, $lease: String!, $message: String!, $schema: JSON!) {
  requestJobInput(jobId: $id, leaseToken: $lease, message: $message, schema: $schema) { status } }"""
QUESTION = {
    "type": "object",
    "required": ["minIOverSigma"],
    "properties": {"minIOverSigma": {"title": "Minimum I/sigma", "type": "number", "minimum": 0}},
}


def gql(query: str, **variables: Any) -> dict[str, Any]:
    response = httpx.post(
        f"{os.environ['GATEWAY_URL']}/graphql",
        json={"query": query, "variables": variables},
        headers={"authorization": f"Bearer {os.environ['GATEWAY_TOKEN']}"},
    )
    body = response.json()
    assert not body.get("errors"), body
    return body["data"]  # type: ignore[no-any-return]


def main() -> None:
    job_id = os.environ["JOB_ID"]
    history = gql(HISTORY, id=job_id)["job"]["history"]
    if not any(h["message"] == "input submitted" for h in history):
        time.sleep(1.0)  # long enough for the page (and its screenshot) to show RUNNING
        gql(
            ASK,
            id=job_id,
            lease=os.environ["JOB_LEASE_TOKEN"],
            message="Minimum I/sigma?",
            schema=QUESTION,
        )
        print("asked the owner for input")
        time.sleep(1.0)  # a heartbeat falls after the request: the worker must take it calmly
        return
    parameters = json.loads(os.environ["JOB_PARAMETERS"])
    print(f"reprocessed job {job_id} with pipeline {parameters['pipeline']} after input")


if __name__ == "__main__":
    main()
