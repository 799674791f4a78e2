"""What the visual condition builder offers for one form: its fields (labels in the UI
language, grouped by section, and the fields of linked forms reached through a link field),
the operators each field takes (asked of the operator registry, labelled) and, per operator,
the kind of value input to show.

The input kind follows from the operator's declared ``operand`` shape and what the field
holds (its condition type, and the closed set of values its widget offers through
``condition_choices``); nothing here switches on a widget type name:

==================  ==========================================================
kind                shown as
==================  ==========================================================
``none``            nothing (``is_empty``, ``is_me``)
``text``            a text input
``pattern``         a text input for a regular expression (``matches``)
``number``          a number input
``date``            a date input; ``datetime`` a date-and-time input
``boolean``         a yes/no select
``choice``          a select of the field's options, shown by label
``choices``         several options (checkboxes), shown by label
``text_list``       several typed values (one per line)
``user``            a select of the active users
``teams``           several teams (checkboxes)
``record``          a select of the linked form's newest records
``number_pair``     low and high (``between``); ``date_pair``, ``datetime_pair``
``days``            a number of days (``within_last_days``, ``more_than_days_ago``)
==================  ==========================================================

The page gets this description once (``templates/conditions/builder.html``, macro
``condition_builder_catalog``) and ``static/js/condition_builder.js`` builds every condition
of the page from it. :mod:`.condition_tree` turns a condition into what the builder shows.

Example::

    catalog = describe_form(app.spec, "lead", locale="zh_CN", pickers=Pickers())
    catalog.field("company_size").ops[4]   # OpChoice("gt", "大于", "number")
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from tessera.conditions.operators import operator_registry, operators_for
from tessera.widgets import label_text
from tessera.widgets.base import tr

LINK_SEPARATOR = "."  # "campaign.region": field «region» of the record «campaign» links to
SCALAR_INPUTS = {
    "number": "number",
    "date": "date",
    "datetime": "datetime",
    "boolean": "boolean",
    "user": "user",
    "record": "record",
}
PAIR_INPUTS = {"number": "number_pair", "date": "date_pair", "datetime": "datetime_pair"}


@dataclass(frozen=True)
class Pickers:
    """What value pickers choose from that lives in the database: active users
    ``[(id, name)]``, teams ``[(key, name)]`` and, per linked form key, its newest records
    ``[(id, title)]`` the user may see. Empty by default (no database at hand)."""

    users: tuple = ()
    teams: tuple = ()
    records: Mapping[str, tuple] = field(default_factory=dict)


@dataclass(frozen=True)
class OpChoice:
    """One operator a field offers: its key, its label and the value input it needs."""

    op: str
    label: str
    input: str


@dataclass(frozen=True)
class BuilderField:
    """A field the builder offers. ``key`` is the field's key, or ``link.key`` for a field of
    the form a link field points to (saved as ``{"field": link, "op": "matches", "value":
    {…}}``); ``options`` are the choices for ``choice``/``choices`` inputs."""

    key: str
    label: str
    group: str
    ops: tuple[OpChoice, ...]
    options: tuple = ()
    records: tuple = ()

    def op(self, key: str) -> OpChoice | None:
        """The offered operator ``key``, or None."""
        return next((o for o in self.ops if o.op == key), None)


@dataclass(frozen=True)
class BuilderCatalog:
    """Everything the builder offers for one form (see the module docstring)."""

    form_key: str
    locale: str
    fields: tuple[BuilderField, ...]
    users: tuple = ()
    teams: tuple = ()

    def field(self, key: str) -> BuilderField | None:
        """The offered field ``key`` (``link.key`` for a linked form's field), or None."""
        return next((f for f in self.fields if f.key == key), None)

    def as_json(self) -> dict:
        """The description as the page's script reads it."""
        return {
            "form": self.form_key,
            "fields": [
                {
                    "key": f.key,
                    "label": f.label,
                    "group": f.group,
                    "ops": [{"op": o.op, "label": o.label, "input": o.input} for o in f.ops],
                    "options": list(f.options),
                    "records": [{"value": i, "label": t} for i, t in f.records],
                }
                for f in self.fields
            ],
            "users": [{"value": i, "label": n} for i, n in self.users],
            "teams": [{"value": k, "label": n} for k, n in self.teams],
        }


def input_kind(op_key: str, condition_type: str | None, choices) -> str:
    """The value input of operator ``op_key`` on a field holding ``condition_type`` whose
    widget offers ``choices`` (None: values are typed).

    Example::

        input_kind("in", "choice", [{"value": "finance", "label": "金融"}])  # "choices"
        input_kind("between", "number", None)                               # "number_pair"
    """
    op = operator_registry.get(op_key)
    if not op.takes_value:
        return "none"
    shape = op.operand
    if shape in ("days", "teams", "pattern"):
        return shape
    if shape == "values":
        return "choices" if choices is not None else "text_list"
    if shape == "pair":
        return PAIR_INPUTS.get(condition_type, "number_pair")
    if choices is not None:
        return "choice"
    return SCALAR_INPUTS.get(condition_type, "text")


def _field_ops(spec, locale: str) -> tuple[tuple[OpChoice, ...], list]:
    config = dict(spec.config or {})
    kind = spec.widget.condition_type_for(config)
    choices = spec.widget.condition_choices(config, locale)
    ops = []
    for key in operators_for(spec.widget, config):
        if kind == "record" and operator_registry.get(key).operand == "pattern":
            continue  # a link's «matches» is offered as the linked form's own fields
        label = label_text(operator_registry.get(key).label, locale) or key
        ops.append(OpChoice(key, label, input_kind(key, kind, choices)))
    return tuple(ops), choices or []


def _offered(spec, include_computed: bool) -> bool:
    return include_computed or not spec.widget.computed


def _linked_form(app_spec, spec):
    """The form a link field points to (its widget refers to records), or None."""
    if spec.widget.refers_to != "record":
        return None
    target = (spec.config or {}).get("form")
    return app_spec.form(target) if target and app_spec.has_form(target) else None


def describe_form(
    app_spec,
    form_key: str,
    *,
    locale: str,
    pickers: Pickers | None = None,
    include_computed: bool = False,
) -> BuilderCatalog:
    """What the builder offers for ``form_key`` of ``app_spec`` (a compiled ``AppSpec``).

    ``include_computed``: offer computed fields too (a score in a flow branch); scoring
    rules leave them out, a score cannot depend on itself.

    Example::

        describe_form(app.spec, "lead", locale="en").field("campaign.region").label
        # "Campaign › Region"
    """
    pickers = pickers or Pickers()
    form = app_spec.form(form_key)
    sections = {s.key: label_text(s.label, locale) for s in form.sections}
    default_group = label_text(form.label, locale)
    fields: list[BuilderField] = []
    links: list[BuilderField] = []
    for spec in form.fields:
        if not _offered(spec, include_computed):
            continue
        ops, options = _field_ops(spec, locale)
        label = label_text(spec.label, locale) or spec.key
        records = tuple(pickers.records.get(spec.key, ()))
        group = sections.get(spec.section) or default_group
        fields.append(BuilderField(spec.key, label, group, ops, tuple(options), records))
        target = _linked_form(app_spec, spec)
        if target is None or target.key == form.key:
            continue
        target_label = label_text(target.label, locale) or target.key
        linked = target_label if target_label == label else f"{label} › {target_label}"
        group = tr(locale, f"关联的{linked}", f"Linked {linked}")
        for sub in target.fields:
            if not _offered(sub, include_computed) or _linked_form(app_spec, sub) is not None:
                continue  # one link deep: a link of a link is not offered
            sub_ops, sub_options = _field_ops(sub, locale)
            links.append(
                BuilderField(
                    f"{spec.key}{LINK_SEPARATOR}{sub.key}",
                    f"{label} › {label_text(sub.label, locale) or sub.key}",
                    group,
                    sub_ops,
                    tuple(sub_options),
                )
            )
    return BuilderCatalog(
        form.key, locale, tuple(fields + links), tuple(pickers.users), tuple(pickers.teams)
    )
