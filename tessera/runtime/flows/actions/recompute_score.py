"""``recompute_score``: score the record again now (after steps that changed what the model
reads through other records, or to apply time-based rules at once)."""

from __future__ import annotations

from tessera.runtime.flows.actions.base import Action
from tessera.runtime.flows.errors import FlowConfigError
from tessera.runtime.scoring.engine import model_for, rescore


class RecomputeScoreAction(Action):
    type = "recompute_score"
    label = {"zh-CN": "重新计算评分", "en": "Recompute the score"}
    config_schema = {"type": "object", "additionalProperties": False, "properties": {}}

    def compile(self, config, form, path):
        super().compile(config, form, path)
        if form.app.spec.document.get("scoring", {}).get(form.key) is None:
            raise FlowConfigError(path, "This form has no scoring model.", "该表单没有评分模型。")
        return config

    def run(self, ctx, config):
        model = model_for(ctx.form.app, ctx.form.key)
        if model is None:
            return {"skipped": "no_scoring"}
        old = ctx.record.values.get(model.score_field)
        rescore(ctx.conn, ctx.form, ctx.record.id, reason="flow")
        new = ctx.store.get(ctx.record.id).values.get(model.score_field)
        return {"changes": {model.score_field: [old, new]} if new != old else {}}
