"""CollectivIA agent assistant: the agents' intranet assistant."""
