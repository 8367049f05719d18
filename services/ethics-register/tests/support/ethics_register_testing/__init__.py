"""The register's own test support (not shipped: it lives beside the tests, on pytest's
``pythonpath``): the register in this process, with its objects reachable, and sample
published entries. Other services' tests use the register started through its entry point
(``collectivia.testkit.plugin``'s ``running_ethics_register``)."""
