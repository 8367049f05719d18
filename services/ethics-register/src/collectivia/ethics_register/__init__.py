"""The ethics register: the public register of the algorithms and AI systems in use."""
