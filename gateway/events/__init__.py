"""Events between domains and replicas: job changes published once, delivered to every subscriber."""
