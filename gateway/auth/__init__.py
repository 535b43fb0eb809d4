"""Who is asking: OpenID Connect tokens, ISPyB identity, the demo issuer."""
