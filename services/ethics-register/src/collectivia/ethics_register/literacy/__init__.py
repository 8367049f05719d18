"""AI-literacy records (AI Act Art. 4): the agents' acceptances of the assistant's usage
charter, counted per department and charter version (pseudonymous, no individual view)."""
