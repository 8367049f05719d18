"""Usage statistics for managers, per department, with a minimum group size."""
