"""The officials' page browser tests (a package: its conftest and the service's own are two
modules for mypy)."""
