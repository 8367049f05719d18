"""Measured performance of the register's entries: the figures services measure at each run
(``ai.performance-measured``), kept as a history, the latest shown to the public."""
