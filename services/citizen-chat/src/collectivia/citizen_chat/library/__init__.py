"""The library of the knowledge base: which documents the chat answers from, where each came
from (the start-up folder, an admin import, the data lake), imports and their progress,
withdrawals. The database keeps it; the knowledge base (``knowledge/``) indexes it."""
