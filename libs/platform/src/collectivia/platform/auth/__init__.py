"""Keycloak identity: verifying bearer tokens, and obtaining them for service calls."""
