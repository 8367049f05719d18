"""Emergencies: the agents on duty who hear of them, and when they are on duty."""
