"""DSP contracts: the collectivity's data rights over its delegated public services,
tracked — the contracts and their data clauses, the operators' deliveries through the
ingestion's door, their compliance period by period, and the lateness watch."""
