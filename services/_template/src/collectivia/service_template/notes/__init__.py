"""Notes: short texts an agent keeps, the smallest area that shows every part of one."""
