"""HTTP surface outside GraphQL: health, readiness and metrics endpoints."""
