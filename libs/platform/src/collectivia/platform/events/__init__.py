"""CloudEvents 1.0 over Kafka (binary mode) with protobuf payloads."""
