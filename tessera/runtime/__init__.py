"""Run time: interprets published documents (store, forms, auth, web, CLI)."""
