"""The usage charter: versioned text, edited by administrators, accepted by each agent
before first use and again whenever its version changes (AI Act Art. 4 literacy records)."""
