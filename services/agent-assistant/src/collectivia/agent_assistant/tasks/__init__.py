"""The agents' tasks: summarise a document, rewrite in plain language, draft from a
template, classify a request; each with an offline fallback that never invents."""
