"""Incidents: problems reported with an AI output, their review and deadlines."""
