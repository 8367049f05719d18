"""HTTP routes of register entries and of the risk triage: translation only."""
