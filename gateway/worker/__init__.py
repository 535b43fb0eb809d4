"""The reference worker: a client of the gateway's worker protocol, not part of the server."""
