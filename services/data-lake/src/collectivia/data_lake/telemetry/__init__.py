"""IoT telemetry from DSP operators: readings streamed over gRPC, checked column by column,
refused ones quarantined one by one, the rest appended to the dataset's Iceberg table (one
commit for one or several batches, each batch acknowledged once stored); hourly and daily
aggregates per sensor and measure; and a simulator an operator runs."""
