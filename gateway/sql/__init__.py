"""The ISPyB relational domain: models, access rules and queries over MariaDB/MySQL."""
