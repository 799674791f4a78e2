"""Problems with a flow found when its app is published or a run executes."""

from __future__ import annotations


class FlowConfigError(ValueError):
    """A trigger or action config that does not fit its type; ``path`` is relative to the
    flow (``/trigger/config/field``), the messages are for the business user."""

    def __init__(self, path: str, message: str, message_zh: str):
        super().__init__(message)
        self.path, self.message, self.message_zh = path, message, message_zh


class StepFailed(Exception):
    """An action could not do its work (the run retries the step, then fails with this)."""
