"""The content gaps area: what the chat could not answer, grouped and ranked, per commune."""
