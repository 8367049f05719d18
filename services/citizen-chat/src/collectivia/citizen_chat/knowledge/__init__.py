"""The citizen chat's knowledge base: documents, chunks, lexical and dense retrieval, fusion.

Domain code only: no web framework, no broker. The service layers call ``KnowledgeBase``.
"""
