"""The audit trail of what happened in and around the register."""
