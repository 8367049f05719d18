"""Answers built from the knowledge base: extractive, cited, refusing when unsure.

Domain code only: no web framework, no broker.
"""
