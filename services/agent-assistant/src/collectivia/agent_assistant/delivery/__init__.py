"""How an agent's reply reaches the citizen: by e-mail, by a call-back, in the conversation."""
