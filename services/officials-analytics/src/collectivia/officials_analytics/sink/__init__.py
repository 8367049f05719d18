"""The event sink: the suite's events, as rows of the analytics tables."""
