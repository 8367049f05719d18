"""Test support shared by every service: real servers, real tokens, captured spans.

Loaded as a pytest plugin (entry point ``collectivia``) so each service's tests get the
fixtures without a conftest of their own.
"""
