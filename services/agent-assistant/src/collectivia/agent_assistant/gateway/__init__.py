"""The one model gateway every task goes through: the register's gate, the privacy guard,
the generative model (or the task's offline fallback), timeouts, streaming, usage evidence."""
