"""Events between domains and replicas: a change is published once, delivered to all."""
