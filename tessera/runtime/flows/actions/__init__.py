"""Flow actions, one module per persisted type; the registry is frozen once loaded."""

from tessera.runtime.flows.actions.add_tag import AddTagAction, RemoveTagAction
from tessera.runtime.flows.actions.assign_owner import AssignOwnerAction
from tessera.runtime.flows.actions.base import Action, RunContext, action_registry
from tessera.runtime.flows.actions.create_task import CreateTaskAction
from tessera.runtime.flows.actions.recompute_score import RecomputeScoreAction
from tessera.runtime.flows.actions.return_to_pool import ReturnToPoolAction
from tessera.runtime.flows.actions.robot_message import RobotMessageAction
from tessera.runtime.flows.actions.send_email import SendEmailAction
from tessera.runtime.flows.actions.set_field import SetFieldAction
from tessera.runtime.flows.actions.set_stage import SetStageAction
from tessera.runtime.flows.actions.start_flow import StartFlowAction
from tessera.runtime.flows.actions.webhook import WebhookAction

for _action in (
    SetFieldAction(),
    AddTagAction(),
    RemoveTagAction(),
    CreateTaskAction(),
    ReturnToPoolAction(),
    WebhookAction(),
    SetStageAction(),
    StartFlowAction(),
    RecomputeScoreAction(),
    RobotMessageAction(),
    AssignOwnerAction(),
    SendEmailAction(),
):
    action_registry.register(_action)
action_registry.freeze()

__all__ = ["Action", "RunContext", "action_registry"]
