"""What every service that uses AI shares: the privacy guard, document reading, the
OpenAI-compatible model client, the knowledge search client, and the one pathway of an AI
use (register gate, privacy guard, model, evidence).

Nothing here imports a service.
"""
