"""The chat's own test support (not shipped: it lives beside the tests, on pytest's
``pythonpath``): a fast counting encoder and a sample knowledge base on it, the chat in this
process with its objects reachable, the citizen pages alone. Other services' tests start the
chat through its entry point instead."""
