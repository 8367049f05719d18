"""Register entries: AI systems and algorithms, and the runtime gate over them."""
