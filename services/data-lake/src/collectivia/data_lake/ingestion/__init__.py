"""Ingestion: files loaded into datasets, validated at the door against their Table Schema,
written all or nothing as a new version; refused files kept in quarantine with their report;
the right to erasure of a person's rows in a personal-data dataset."""
