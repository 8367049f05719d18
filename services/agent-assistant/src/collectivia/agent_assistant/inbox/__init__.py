"""The handover inbox: conversations handed over by the citizen chat, routed to a
department, answered by an agent with a suggested reply grounded in the knowledge base;
validated replies may become curated answers for the chat's knowledge base."""
