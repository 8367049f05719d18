"""Handing a conversation to a human agent, and showing the agent's reply."""
