"""The suite's open table format, shared by the data lake and the officials' analytics:
Apache Iceberg tables (pyiceberg) in a SQL catalog (SQLite embedded, PostgreSQL at scale)
with their warehouse in a folder or on S3-compatible storage, queried with DuckDB embedded;
the same tables are readable by Trino or any Iceberg engine."""
