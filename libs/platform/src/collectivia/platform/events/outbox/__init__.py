"""The transactional outbox: an event is written in the same database transaction as the data
it announces (:class:`Outbox`), and relayed to Kafka once committed (:class:`OutboxRelay`), in
order per key, at least once. A crash can neither announce data that was never stored nor
lose the announcement of data that was (consumers skip redelivered event ids)."""
