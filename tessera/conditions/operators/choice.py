"""Set membership: ``in`` / ``not_in`` for single choices, ``has_any`` / ``has_all`` (and
``not_in``) for list values (multiselect, tags)."""

from __future__ import annotations

import sqlalchemy as sa

from tessera.conditions.operators.base import OperandError, Operator, as_list
from tessera.conditions.operators.jsonlist import json_list_has


def _is_list(field) -> bool:
    return field.value_type == "list"


def choice_items(raw, *, field, ctx) -> frozenset:
    """The operand as a set of stored values (option labels resolved to keys)."""
    if raw is None or raw == []:
        raise OperandError("choose at least one value")
    if _is_list(field):
        items = field.normalize(as_list(raw), ctx) or []
    else:
        items = [field.normalize(v, ctx) for v in as_list(raw)]
    items = [i for i in items if i is not None]
    if not items:
        raise OperandError("choose at least one value")
    return frozenset(items)


class InOperator(Operator):
    """One of the listed values. Example::

    {"field": "industry", "op": "in", "value": ["manufacturing", "finance"]}
    """

    type = "in"
    label = {"zh-CN": "属于", "en": "is any of"}

    def prepare(self, raw, *, field, ctx):
        return choice_items(raw, field=field, ctx=ctx)

    def python(self, operand):
        def test(v, env):
            try:
                return v is not None and v in operand
            except TypeError:  # an unhashable value (a list) is in no set of scalars
                return False

        return test

    def python_values(self, key, operand):
        test = self.python(operand)

        def predicate(values, env=None):
            v = values.get(key)
            if v is None or isinstance(v, list):
                return test(v, env)
            return v in operand

        return predicate

    def sql(self, col, operand, *, scope, field):
        return sa.and_(col.isnot(None), col.in_(sorted(operand, key=str)))


class NotInOperator(Operator):
    """None of the listed values (an empty field counts). For a list field: shares no item.

    Example::

        {"field": "stage", "op": "not_in", "value": ["won", "lost"]}
    """

    type = "not_in"
    label = {"zh-CN": "不属于", "en": "is none of"}

    def prepare(self, raw, *, field, ctx):
        return (choice_items(raw, field=field, ctx=ctx), _is_list(field))

    def python(self, operand):
        items, _ = operand

        def test(v, env):
            if v is None:
                return True
            if isinstance(v, list):
                return items.isdisjoint(v)
            return v not in items

        return test

    def sql(self, col, operand, *, scope, field):
        items, is_list = operand
        if is_list:
            return sa.not_(json_list_has(col, items, mode="any"))
        return sa.or_(col.is_(None), col.not_in(sorted(items, key=str)))


class HasAnyOperator(Operator):
    """A list holding at least one of the values. Example::

    {"field": "tags", "op": "has_any", "value": ["vip", "dormant"]}
    """

    type = "has_any"
    label = {"zh-CN": "包含任一", "en": "has any of"}

    def prepare(self, raw, *, field, ctx):
        return choice_items(raw, field=field, ctx=ctx)

    def python(self, operand):
        return lambda v, env: isinstance(v, list) and not operand.isdisjoint(v)

    def sql(self, col, operand, *, scope, field):
        return json_list_has(col, operand, mode="any")


class HasAllOperator(Operator):
    """A list holding every one of the values. Example::

    {"field": "tags", "op": "has_all", "value": ["vip", "expo"]}
    """

    type = "has_all"
    label = {"zh-CN": "包含全部", "en": "has all of"}

    def prepare(self, raw, *, field, ctx):
        return choice_items(raw, field=field, ctx=ctx)

    def python(self, operand):
        return lambda v, env: isinstance(v, list) and operand.issubset(v)

    def sql(self, col, operand, *, scope, field):
        return json_list_has(col, operand, mode="all")


OPERATORS = (InOperator(), NotInOperator(), HasAnyOperator(), HasAllOperator())
