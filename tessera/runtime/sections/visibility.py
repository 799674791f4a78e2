"""The visibility section: each field's ``visible_if`` as a predicate over a record's values,
evaluated as of the clock's now unless the caller gives an env."""

from __future__ import annotations

from tessera.builder.frozen import FrozenDict
from tessera.runtime.condition_env import eval_env
from tessera.runtime.sections.base import Section


class VisibilitySection(Section):
    """``{field key: predicate(values, env=None)}`` for fields with a visibility condition
    (compiled by the builder's one checker; here bound to the runtime's clock)."""

    type = "visibility"

    def compile(self, form) -> FrozenDict:
        return FrozenDict(
            {
                f.key: _as_of_now(f.visibility.predicate)
                for f in form.spec.fields
                if f.visibility is not None
            }
        )


def _as_of_now(predicate):
    """``predicate`` with an env at the clock's now unless the caller gives one."""
    return lambda values, env=None: predicate(values, env if env is not None else eval_env())
