"""The indicators area: the semantic layer (each indicator declared once) and what computes
it, per commune, private by design."""
