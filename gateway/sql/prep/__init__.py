"""Sample preparation: shipments, dewars, containers and samples, read and written."""
