"""Experiments: a department tries a task with a template over a period and reports on it."""
