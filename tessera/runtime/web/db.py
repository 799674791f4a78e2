"""One database transaction per request: committed when the response is ready, rolled back
on an error, so a request never leaves half its writes behind."""

from __future__ import annotations

from flask import current_app, g


def db():
    """The request's connection, inside its transaction."""
    if "db_conn" not in g:
        conn = current_app.extensions["tessera.engine"].connect()
        g.db_conn = conn
        g.db_txn = conn.begin()
    return g.db_conn


def settings():
    """The app's :class:`~tessera.runtime.config.Settings`."""
    return current_app.extensions["tessera.settings"]


def catalog():
    """The app's :class:`~tessera.runtime.catalog.AppCatalog`."""
    return current_app.extensions["tessera.catalog"]


def commit_connection(response):
    """Commit the request's writes unless the response is a server error."""
    txn = g.pop("db_txn", None)
    if txn is not None and txn.is_active:
        if response.status_code >= 500:
            txn.rollback()
        else:
            txn.commit()
    return response


def close_connection(exc=None):
    """Roll back whatever is still open and return the connection to the pool."""
    txn = g.pop("db_txn", None)
    if txn is not None and txn.is_active:
        txn.rollback()
    conn = g.pop("db_conn", None)
    if conn is not None:
        conn.close()
