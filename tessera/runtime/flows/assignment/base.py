"""The interface of an assignment strategy, what it is given and what it answers.

A strategy picks one user for a record from a pool of eligible users (active and available)
and says why, as a structured reason kept on the record's timeline and rendered in the
reader's language when it is shown (:mod:`.explain`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from tessera.registry import Registry
from tessera.runtime.flows.triggers.base import check_config


@dataclass(frozen=True)
class Candidate:
    """An eligible user: active, available, in the pool."""

    id: int
    name: str
    regions: tuple = ()


@dataclass(frozen=True)
class Pick:
    """The chosen user and why (``reason``: JSON, ``{"strategy": type, …}``)."""

    user: Candidate
    reason: dict


@dataclass(frozen=True)
class NoPick:
    """Nobody could be chosen, and why (``reason``: JSON, with ``"why"``)."""

    reason: dict


@dataclass(frozen=True)
class AssignContext:
    """One decision: the step's connection and transaction, the deployed form, the record's
    values (``id`` and system columns included) and the instant."""

    conn: sa.Connection
    form: Any  # DeployedForm
    values: dict
    now: Any

    def pool_key(self, name: str) -> str:
        """The cursor row of a pool in this form (``leads/lead/team:east_china``)."""
        return f"{self.form.app_key}/{self.form.key}/{name}"[:200]


class Strategy:
    """Chooses who gets a record.

    ``type`` is the persisted key; ``config_schema`` the JSON Schema of its config;
    :meth:`compile` checks the config against the form once, at publish.

    Example::

        class RoundRobinStrategy(Strategy):
            type = "round_robin"

            def choose(self, ctx, config):
                pool = config.members(ctx.conn)
                ...
                return Pick(user, {"strategy": self.type, "position": 3, …})
    """

    type: str = ""
    label: dict = {}
    config_schema: dict = {"type": "object"}

    def compile(self, config: dict, form, path: str) -> Any:
        """The config checked (``path``: where it sits in the flow), ready for :meth:`choose`;
        raises :class:`~tessera.runtime.flows.errors.FlowConfigError`."""
        check_config(self.config_schema, config, path)
        return config

    def choose(self, ctx: AssignContext, config) -> Pick | NoPick:
        """Pick a user in ``ctx.conn``'s transaction (cursors advance there)."""
        raise NotImplementedError

    def describe(self, reason: dict, locale: str) -> str:
        """This strategy's part of an explanation, in ``locale`` (``"zh_CN"`` or ``"en"``):
        «团队 east_china，轮询第 3 位» / «team east_china, round robin position 3»."""
        raise NotImplementedError


assignment_registry: Registry[Strategy] = Registry("assignment strategy")


def value_facts(form, key: str, value) -> dict:
    """What a reason keeps of a field's value: its key, label and the value as people read
    it in both languages, as of the decision (``城市 = 杭州市``)."""
    from tessera.widgets import WidgetContext

    field = form.spec.field(key)
    texts = {}
    for lang, locale in (("zh-CN", "zh_CN"), ("en", "en")):
        ctx = WidgetContext(locale=locale)
        texts[lang] = field.widget.display(value, config=field.config, ctx=ctx)
    return {"field": key, "field_label": field.label, "value": value, "value_text": texts}
