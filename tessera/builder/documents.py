"""The compiled, immutable view of an app document that the runtime interprets.

Parse once, run many: :func:`compile_app` validates a document once (at save or publish time)
and returns frozen specs, so the per-request path does no schema work and no dictionary
walking it can avoid. Labels, configs and conditions are read-only JSON values
(:class:`~tessera.builder.frozen.FrozenDict`); ``thaw()`` gives a mutable copy.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tessera.builder.condition_check import app_schemas
from tessera.builder.frozen import FrozenDict, freeze
from tessera.builder.roles import role_registry
from tessera.builder.upgrade import upgrade_app_document
from tessera.builder.validation import check_app_document
from tessera.conditions import CompiledCondition, FormSchema, compile_condition
from tessera.conditions.operators import operators_for
from tessera.widgets import Widget, label_text, widget_registry

EMPTY = FrozenDict()
DEFAULT_FUZZY_THRESHOLD = 90


class _Labelled:
    label: Mapping

    def label_for(self, locale: str) -> str:
        """The label in ``locale`` (``zh_CN``, ``zh-CN``, ``en`` …), falling back to the other."""
        return label_text(self.label, locale)


@dataclass(frozen=True)
class FieldSpec(_Labelled):
    """One field: its immutable key, its widget and the widget's config.

    Example::

        phone = app.form("lead").field("phone")
        phone.widget.normalize("138 0013 8000", config=phone.config, ctx=WidgetContext())
    """

    key: str
    type: str
    label: Mapping
    widget: Widget = dataclasses.field(repr=False, compare=False)
    section: str = ""
    help: Mapping | None = None
    placeholder: Mapping | None = None
    required: bool = False
    default: Any = None
    width: int = 1
    visible_if: Mapping | None = None
    config: Mapping = EMPTY
    # visible_if compiled once (Python, SQL and the page's form), by the one checker's compiler
    visibility: CompiledCondition | None = dataclasses.field(
        default=None, repr=False, compare=False
    )

    @property
    def computed(self) -> bool:
        """Whether the system writes this value (score, formula), never a user."""
        return self.widget.computed


@dataclass(frozen=True)
class SectionSpec(_Labelled):
    """A titled group of fields laid out in ``columns`` columns."""

    key: str
    label: Mapping
    columns: int
    fields: tuple[str, ...]


@dataclass(frozen=True)
class DedupSpec:
    """How submissions and imports find a record already known, compiled once: the fields
    matched exactly (``(key, ExactMatch)`` of widgets with an ``exact_match``: phone, email),
    those compared fuzzily (text; the last one is the anchor that must agree exactly), the
    fuzzy threshold (0–100) and the policy (``merge`` or ``flag``).

    Example::

        lead.dedup.exact_keys, lead.dedup.fuzzy, lead.dedup.policy
        # ("phone", "email"), ("company", "name"), "merge"
    """

    match: tuple[str, ...]
    exact: tuple = ()  # ((field key, ExactMatch), …)
    fuzzy: tuple[str, ...] = ()
    threshold: int = DEFAULT_FUZZY_THRESHOLD
    policy: str = "flag"

    @property
    def exact_keys(self) -> tuple[str, ...]:
        """The keys matched exactly, in document order."""
        return tuple(key for key, _ in self.exact)

    @property
    def anchor(self) -> str | None:
        """The text field that must agree exactly for a fuzzy match."""
        return self.fuzzy[-1] if self.fuzzy else None


@dataclass(frozen=True)
class FormSpec(_Labelled):
    """A form: its sections and its fields in document order (the columns of its table).

    ``title_field`` defaults to the first field, ``list_fields`` to the first five. ``roles``
    maps a role (:mod:`tessera.builder.roles`) to the key of the field that plays it.
    """

    key: str
    label: Mapping
    title_field: str | None
    list_fields: tuple[str, ...]
    sections: tuple[SectionSpec, ...]
    fields: tuple[FieldSpec, ...]
    public_fields: tuple[str, ...] = ()  # what public links show; () = the runtime's default
    roles: Mapping[str, str] = EMPTY
    dedup: DedupSpec | None = None
    _by_key: Mapping[str, FieldSpec] = dataclasses.field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_key", FrozenDict({f.key: f for f in self.fields}))

    def field(self, key: str) -> FieldSpec:
        """The field called ``key``; ``KeyError`` if the form has none."""
        try:
            return self._by_key[key]
        except KeyError:
            raise KeyError(f"form {self.key!r} has no field {key!r}") from None

    def has_field(self, key: str) -> bool:
        """Whether the form has a field called ``key``."""
        return key in self._by_key

    @property
    def field_keys(self) -> tuple[str, ...]:
        """Field keys in document order."""
        return tuple(f.key for f in self.fields)

    @property
    def search_fields(self) -> tuple[str, ...]:
        """Fields a record is found by when it is picked in a link field: the title field, then
        the list columns holding text (``search`` shows them under each title).

        Example::

            lead.search_fields  # ("name", "company", "phone")
        """
        keys = dict.fromkeys(k for k in (self.title_field, *self.list_fields) if k)
        fields = [self._by_key[k] for k in keys if k in self._by_key]
        return tuple(
            f.key
            for f in fields
            if f.widget.value_type == "string" and "contains" in operators_for(f.widget, f.config)
        )

    def role(self, name: str) -> str | None:
        """The key of the field playing role ``name``, or None when no field plays it.

        Raises :class:`~tessera.registry.UnknownType` for a name that is not a role, so a
        misspelt role fails loudly instead of reading as «not played».

        Example::

            lead.role("owner")  # "owner"; a form without an owner: None
        """
        role_registry.get(name)
        key = self.roles.get(name)
        return key if key in self._by_key else None

    def role_field(self, name: str) -> FieldSpec | None:
        """The field playing role ``name`` (see :meth:`role`), or None."""
        key = self.role(name)
        return None if key is None else self._by_key[key]


@dataclass(frozen=True)
class AppSpec(_Labelled):
    """A compiled app. ``document`` is the (frozen) source it was compiled from.

    Example::

        app = compile_app(load_template("leads"))
        [f.key for f in app.form("lead").fields][:3]  # ["name", "phone", "email"]
    """

    key: str
    label: Mapping
    forms: tuple[FormSpec, ...]
    navigation: tuple[str, ...]
    icon: str | None = None
    color: str | None = None
    description: Mapping | None = None
    document: Mapping = dataclasses.field(default=EMPTY, repr=False, compare=False)
    _by_key: Mapping[str, FormSpec] = dataclasses.field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_key", FrozenDict({f.key: f for f in self.forms}))

    def form(self, key: str) -> FormSpec:
        """The form called ``key``; ``KeyError`` if the app has none."""
        try:
            return self._by_key[key]
        except KeyError:
            raise KeyError(f"app {self.key!r} has no form {key!r}") from None

    def has_form(self, key: str) -> bool:
        """Whether the app has a form called ``key``."""
        return key in self._by_key


def compile_app(doc: dict, *, checked: bool = False) -> AppSpec:
    """Validate ``doc`` (raising :class:`InvalidDocument` with every error) and compile it.

    An older document is upgraded first (:mod:`tessera.builder.upgrade`), so ``document`` is
    always in the current format. The result shares nothing mutable with ``doc``.

    ``checked``: the document was validated when it was published (the runtime loading a
    published version). It is compiled as it is, without today's checks: a check added
    since (e.g. a condition the page cannot evaluate) refuses the next publish of a draft,
    never the loading of what already runs.
    """
    doc = upgrade_app_document(doc)
    if not checked:
        check_app_document(doc)
    source = freeze(doc)
    schemas = app_schemas(
        {
            form["key"]: {
                f["key"]: (widget_registry.get(f["type"]), f.get("config", EMPTY))
                for section in form["sections"]
                for f in section["fields"]
            }
            for form in source["forms"]
        }
    )
    forms = tuple(_compile_form(form, schemas[form["key"]]) for form in source["forms"])
    return AppSpec(
        key=source["key"],
        label=source["label"],
        forms=forms,
        navigation=tuple(source.get("navigation") or (f.key for f in forms)),
        icon=source.get("icon"),
        color=source.get("color"),
        description=source.get("description"),
        document=source,
    )


def _compile_form(form: Mapping, schema: FormSchema) -> FormSpec:
    sections, fields = [], []
    for section in form["sections"]:
        columns = section.get("columns", 1)
        sections.append(
            SectionSpec(
                key=section["key"],
                label=section.get("label", EMPTY),
                columns=columns,
                fields=tuple(f["key"] for f in section["fields"]),
            )
        )
        fields.extend(_compile_field(f, section["key"], schema) for f in section["fields"])
    keys = [f.key for f in fields]
    title = form.get("title_field") or (keys[0] if keys else None)
    return FormSpec(
        key=form["key"],
        label=form["label"],
        title_field=title,
        list_fields=tuple(form.get("list_fields") or keys[:5]),
        sections=tuple(sections),
        fields=tuple(fields),
        public_fields=tuple(form.get("public_fields") or ()),
        roles=form.get("roles", EMPTY),
        dedup=_compile_dedup(form.get("dedup"), fields),
    )


def _compile_dedup(raw: Mapping | None, fields: list[FieldSpec]) -> DedupSpec | None:
    if not raw:
        return None
    exact, fuzzy = [], []
    for field in fields:  # checked above: every matched key names a field
        if field.key not in raw["match"]:
            continue
        if field.widget.exact_match is not None:
            exact.append((field.key, field.widget.exact_match))
        else:
            fuzzy.append(field.key)
    order = {key: i for i, key in enumerate(raw["match"])}  # the document's order decides
    return DedupSpec(
        match=tuple(raw["match"]),
        exact=tuple(sorted(exact, key=lambda pair: order[pair[0]])),
        fuzzy=tuple(sorted(fuzzy, key=order.__getitem__)),
        threshold=int(raw.get("fuzzy_threshold") or DEFAULT_FUZZY_THRESHOLD),
        policy=raw.get("policy") or "flag",
    )


def _compile_field(raw: Mapping, section: str, schema: FormSchema) -> FieldSpec:
    visible_if = raw.get("visible_if")
    visibility = None
    if visible_if is not None:  # checked above: this compiles
        visibility = compile_condition(visible_if, schema=schema.excluding(raw["key"]))
    return FieldSpec(
        key=raw["key"],
        type=raw["type"],
        label=raw["label"],
        widget=widget_registry.get(raw["type"]),
        section=section,
        help=raw.get("help"),
        placeholder=raw.get("placeholder"),
        required=bool(raw.get("required", False)),
        default=raw.get("default"),
        width=raw.get("width", 1),
        visible_if=visible_if,
        config=raw.get("config", EMPTY),
        visibility=visibility,
    )
