"""The shared prompt library: templates with variables, versions, ratings, import/export."""
