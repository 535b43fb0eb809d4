"""Which job-store failures are outages: FerretDB's answer to a query cut by its own
shutdown (as a faults-test run logged it: it had become INTERNAL_SERVER_ERROR), and the
codes MongoDB documents for the same case. The faults test stops the real server."""

from __future__ import annotations

from pymongo.errors import OperationFailure

from gateway.outage import is_outage

# What FerretDB 1.24 answered a `count` cut by its own shutdown (the faults test's log).
FERRETDB_CUT = {
    "ok": 0.0,
    "errmsg": "[msg_find.go:344 handler.handleMaxTimeMSError] [group.go:239 "
    "stages.(*group).groupDocuments] [filter_iterator.go:52 common.(*filterIterator).Next] "
    "[query_iterator.go:79 sqlite.(*queryIterator).Next] context canceled after delay",
    "code": 1,
    "codeName": "InternalError",
}


def test_a_query_cut_by_the_server_going_down_is_an_outage() -> None:
    assert is_outage(OperationFailure(FERRETDB_CUT["errmsg"], 1, FERRETDB_CUT))
    for code in (11600, 91, 11602, 189):  # MongoDB: InterruptedAtShutdown, ShutdownInProgress...
        assert is_outage(OperationFailure("interrupted", code, {"code": code}))
    wrapped = RuntimeError("count failed")
    wrapped.__cause__ = OperationFailure(FERRETDB_CUT["errmsg"], 1, FERRETDB_CUT)
    assert is_outage(wrapped)


def test_other_server_errors_are_not_outages() -> None:
    assert not is_outage(OperationFailure("bad query", 2, {"errmsg": "bad query", "code": 2}))
    internal = {"errmsg": "something else went wrong", "code": 1}
    assert not is_outage(OperationFailure(internal["errmsg"], 1, internal))
    assert not is_outage(ValueError("context canceled"))
