"""Flow triggers, one module per persisted type; the registry is frozen once loaded."""

from tessera.runtime.flows.triggers.base import Trigger, check_config, trigger_registry
from tessera.runtime.flows.triggers.condition_met import ConditionMetTrigger
from tessera.runtime.flows.triggers.event_received import EventReceivedTrigger
from tessera.runtime.flows.triggers.field_changed import FieldChangedTrigger
from tessera.runtime.flows.triggers.no_activity import NoActivityTrigger
from tessera.runtime.flows.triggers.record_created import RecordCreatedTrigger
from tessera.runtime.flows.triggers.schedule import ScheduleTrigger
from tessera.runtime.flows.triggers.score_crossed import ScoreCrossedTrigger
from tessera.runtime.flows.triggers.stage_changed import StageChangedTrigger

for _trigger in (
    RecordCreatedTrigger(),
    FieldChangedTrigger(),
    ScoreCrossedTrigger(),
    EventReceivedTrigger(),
    StageChangedTrigger(),
    ConditionMetTrigger(),
    NoActivityTrigger(),
    ScheduleTrigger(),
):
    trigger_registry.register(_trigger)
trigger_registry.freeze()

__all__ = ["Trigger", "check_config", "trigger_registry"]
