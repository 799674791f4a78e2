"""Flows: durable trigger → steps automations on records (``app["flows"]``).

- :mod:`.compiled` — a flow compiled once per published version (the ``flows`` section);
- :mod:`.triggers`, :mod:`.actions` — registries, one module per persisted type;
- :mod:`.starting` — write events start runs (a row and a timer, in the writer's transaction);
- :mod:`.runner` — workers claim due timers with a lease and run the steps.

The package names no surface of its own: the catalog compiles flows (through the sections)
and the runner loads the catalog, so each is imported from its module.
"""
