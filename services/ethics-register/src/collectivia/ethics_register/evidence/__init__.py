"""Evidence of AI use: the append-only, hash-chained log of every ``ai.used`` event.

Kept for the AI Act (Art. 26(6), logs kept at least six months) and to explain a decision
to the person concerned (CRPA R311-3-1-2).
"""
