"""Validation at the door: files read into tables of strings, checked against the national
open-data Table Schemas (frictionless and the schemas' ``custom_checks``), typed into Arrow."""
