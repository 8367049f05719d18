"""The assistant's own test support (not shipped: it lives beside the tests, on pytest's
``pythonpath``): the assistant in this process with its objects reachable (``running``),
its agents and their tokens (``agents``), a scripted model (``scripted``), the intranet
page's browser helpers (``browser``). The register and the citizen chat are reached only
through their public interfaces (``collectivia.testkit.plugin``'s ``running_ethics_register``
and ``running_citizen_chat``)."""
