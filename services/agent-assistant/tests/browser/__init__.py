"""The intranet page's browser tests (a package: its conftest and the service's own are two
modules for mypy)."""
