"""The service template: one area (``notes``) with a route, a table, a settings section, an
event it publishes and French messages. ``infra/new_service.py <name>`` copies it as a new
service; every file says what to change."""
