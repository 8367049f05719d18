"""Conversations: sessions with their last turns, feedback and handovers, kept for a
retention period and erased on request. Stored texts are masked (no personal data in clear)."""
