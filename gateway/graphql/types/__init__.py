"""GraphQL object types, one module per ISPyB area."""
