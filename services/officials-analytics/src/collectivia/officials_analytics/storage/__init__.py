"""Where the analytics tables are: Iceberg tables in the data lake's catalog (their own
namespace), beside the lake's datasets, so both are queried the same way."""
