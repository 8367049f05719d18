"""Test support shared by every service's tests: the real Kafka, Keycloak and model servers,
real tokens, captured spans, browsers, and the services themselves started through their
public entry points. Never imported by shipped code.

Fixtures are explicit: the repository's root ``conftest.py`` loads ``collectivia.testkit.plugin``.
"""
