"""Datasets: their DCAT-AP metadata, ownership and provenance, who may read them, and their
versions (the Iceberg snapshots of their table)."""
