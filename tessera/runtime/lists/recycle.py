"""The recycle bin's periodic work: records deleted more than :data:`KEEP_DAYS` days ago are
erased for good, form by form, by the scheduler (daily) and ``tessera tick``. Until then
a deleted record is listed in its form's recycle bin and can be restored.

Example::

    purged = purge_recycle_bin(engine, catalog, at=clock.now())  # {"leads.lead": 3}
"""

from __future__ import annotations

import datetime as dt

from tessera.runtime import clock
from tessera.runtime.catalog import AppCatalog
from tessera.runtime.database import writer
from tessera.runtime.store.records import RecordStore

KEEP_DAYS = 30


def purge_recycle_bin(engine, catalog: AppCatalog | None = None, *, at=None) -> dict[str, int]:
    """Erase every record deleted before ``at`` − 30 days; ``{"app.form": count}`` of the
    forms where something was erased."""
    at = clock.now() if at is None else at
    cutoff = at - dt.timedelta(days=KEEP_DAYS)
    catalog = catalog or AppCatalog()
    out: dict[str, int] = {}
    with writer(engine).begin() as conn:
        for app in catalog.all(conn):
            for form in app.forms.values():
                count = RecordStore(conn, form).purge(deleted_before=cutoff)
                if count:
                    out[f"{app.key}.{form.key}"] = count
    return out
