"""The lake's storage: Apache Iceberg tables (pyiceberg), one per dataset, queried with
DuckDB embedded; the same tables are readable by Trino or any Iceberg engine."""
