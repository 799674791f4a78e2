"""Per-form record tables: deploy (DDL derived from forms) and record CRUD."""

from tessera.runtime.store.deploy import (
    Change,
    DeployPlan,
    SchemaChangeRefused,
    apply_deploy,
    plan_deploy,
)
from tessera.runtime.store.records import Record, RecordStore

__all__ = [
    "Change",
    "DeployPlan",
    "Record",
    "RecordStore",
    "SchemaChangeRefused",
    "apply_deploy",
    "plan_deploy",
]
