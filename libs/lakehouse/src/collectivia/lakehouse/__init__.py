"""The suite's open table format, shared by the data lake and the officials' analytics:
Apache Iceberg tables (pyiceberg) in a SQL catalog (SQLite embedded, PostgreSQL at scale)
with their warehouse in a folder or on S3-compatible storage, queried through one adapter
(``engines.QueryEngine``): DuckDB embedded, or Trino at scale on the same catalog."""
