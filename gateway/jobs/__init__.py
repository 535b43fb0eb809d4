"""Offline data analysis jobs: catalogue, state machine, stores, service.

Below the GraphQL layer and independent of it: nothing in here imports
`gateway.graphql` or `gateway.sql`. The caller resolves items and permissions
with SQL and passes summaries in (`ItemSummary`).
"""

from gateway.jobs.catalogue import Catalogue, JobType, load_catalogue
from gateway.jobs.description import ItemSummary, describe
from gateway.jobs.errors import (
    CatalogueError,
    Contention,
    FileNotFound,
    FileTooLarge,
    InvalidCursor,
    InvalidInput,
    InvalidItems,
    InvalidParameters,
    InvalidRange,
    InvalidSchema,
    JobConflict,
    JobError,
    JobNotFound,
    JobTypeRestricted,
    LeaseLost,
    StaleState,
    UnknownJobType,
)
from gateway.jobs.memory_store import InMemoryJobStore
from gateway.jobs.model import (
    FileInfo,
    FileRole,
    HistoryEntry,
    InputRequest,
    InputSubmission,
    ItemKind,
    ItemRef,
    Job,
    JobFilter,
    Lease,
    NewJob,
    Output,
    Owner,
    Page,
    PurgeReport,
    Visibility,
)
from gateway.jobs.mongo_store import MongoJobStore
from gateway.jobs.problems import Problem
from gateway.jobs.service import JobService
from gateway.jobs.states import TERMINAL, TRANSITIONS, IllegalTransition, JobStatus
from gateway.jobs.store import JobStore

__all__ = [
    "TERMINAL",
    "TRANSITIONS",
    "Catalogue",
    "CatalogueError",
    "Contention",
    "FileInfo",
    "FileNotFound",
    "FileRole",
    "FileTooLarge",
    "HistoryEntry",
    "IllegalTransition",
    "InMemoryJobStore",
    "InputRequest",
    "InputSubmission",
    "InvalidCursor",
    "InvalidInput",
    "InvalidItems",
    "InvalidParameters",
    "InvalidRange",
    "InvalidSchema",
    "ItemKind",
    "ItemRef",
    "ItemSummary",
    "Job",
    "JobConflict",
    "JobError",
    "JobFilter",
    "JobNotFound",
    "JobService",
    "JobStatus",
    "JobStore",
    "JobType",
    "JobTypeRestricted",
    "Lease",
    "LeaseLost",
    "MongoJobStore",
    "NewJob",
    "Output",
    "Owner",
    "Page",
    "Problem",
    "PurgeReport",
    "StaleState",
    "UnknownJobType",
    "Visibility",
    "describe",
    "load_catalogue",
]
