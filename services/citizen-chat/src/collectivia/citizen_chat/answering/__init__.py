"""Answers built from the knowledge base: quoted (the embedded default) or written by a
generative model and checked sentence by sentence, always cited, refusing when unsure.

Domain code only: no web framework, no broker.
"""
