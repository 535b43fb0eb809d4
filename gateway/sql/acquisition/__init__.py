"""MXCuBE's acquisition writes: groups, collections, images, robot actions, scans, workflows.

Each operation validates its whole input first (every problem at once, with its
input path), checks who may write into the session, runs as one transaction,
and announces what changed on the session's channel only after the commit
(`changes.py`). Creates may carry an idempotency key (`idempotency.py`).
"""
