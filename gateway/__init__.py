"""ispyb-gateway: one GraphQL API over ISPyB and the offline-analysis job store."""

__version__ = "0.1.0"
