"""The widget interface: everything the system needs to know about one field type."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol

import sqlalchemy as sa

from tessera.registry import Registry
from tessera.widgets.matching import ExactMatch

CONDITION_TYPES = (
    "text",
    "choice",
    "stage",
    "number",
    "date",
    "datetime",
    "boolean",
    "list",
    "user",
    "record",
)
"""What a condition compares (a widget's ``condition_type``): free text; one option of a
closed set; a pipeline stage (options in order); a number or amount; a calendar day; an
instant; yes/no; a list of items; a user; a linked record. Condition operators declare which
of these they accept (``tessera.conditions``)."""


class FieldError(ValueError):
    """A value a user gave is not acceptable; ``message`` is shown beside the field.

    Example::

        raise FieldError("请输入有效的邮箱地址", code="invalid_email")
    """

    def __init__(self, message: str, *, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.code = code


class Lookups(Protocol):
    """What widgets may ask the running system while normalizing or displaying.

    The runtime supplies an implementation; widgets never import the runtime.
    """

    def find_user(self, ref: Any) -> dict | None:
        """A user ``{"id", "email", "name"}`` by id or email, or None."""

    def record_exists(self, form: str, record_id: int) -> bool:
        """Whether record ``record_id`` of ``form`` (same app) exists and is not deleted."""

    def record_title(self, form: str, record_id: int) -> str | None:
        """A human label for a linked record."""


class NoLookups:
    """Lookups for contexts with no database: users and links cannot be resolved."""

    def find_user(self, ref):
        return None

    def record_exists(self, form, record_id):
        return False

    def record_title(self, form, record_id):
        return None


@dataclass
class WidgetContext:
    """Per-call context: locale, time zone, phone region and the runtime's lookups.

    Example::

        ctx = WidgetContext(locale="zh_CN", timezone="Asia/Shanghai")
        PhoneWidget().normalize("138 0013 8000", config={}, ctx=ctx)  # "+8613800138000"
    """

    locale: str = "zh_CN"
    timezone: str = "Asia/Shanghai"
    region: str = "CN"
    lookups: Lookups = field(default_factory=NoLookups)
    record: dict | None = None  # the record being saved (formula reads its siblings)


# A NUL cannot be stored in PostgreSQL text; a lone UTF-16 surrogate cannot be encoded at all.
UNSAFE_TEXT = re.compile("[\x00\ud800-\udfff]")


def refuse_unsafe_text(raw: Any, *, ctx: WidgetContext) -> None:
    """Raise :class:`FieldError` (code ``unsafe_text``) when ``raw`` — a string, or the
    strings inside a list or an object — holds a NUL or a lone surrogate. Every widget calls
    it on user input before anything else, so such text never reaches a lookup or a column.

    Example::

        refuse_unsafe_text("张\x00三", ctx=WidgetContext())  # FieldError
    """
    items = [raw]
    while items:
        item = items.pop()
        if isinstance(item, str):
            if UNSAFE_TEXT.search(item):
                raise FieldError(
                    tr(
                        ctx.locale,
                        "包含无法保存的字符（空字符或无效的 Unicode 字符）",
                        "Contains a character that cannot be stored (NUL or broken Unicode)",
                    ),
                    code="unsafe_text",
                )
        elif isinstance(item, (list, tuple)):
            items.extend(item)
        elif isinstance(item, dict):
            items.extend(item.keys())
            items.extend(item.values())


def tr(locale: str, zh: str, en: str) -> str:
    """Pick the zh-CN or English wording of a widget message."""
    return en if locale.startswith("en") else zh


def label_text(label: Any, locale: str) -> str:
    """Text of a bilingual label ``{"zh-CN": …, "en": …}`` (or a plain string) in ``locale``."""
    if isinstance(label, dict):
        want = "en" if locale.startswith("en") else "zh-CN"
        return label.get(want) or label.get("zh-CN") or label.get("en") or ""
    return "" if label is None else str(label)


class Widget:
    """Base class of field types. Subclasses set the class attributes and override methods.

    Capabilities are class attributes so a contract test can check every widget:

    - ``type``: persisted key, never renamed.
    - ``value_type``: the JSON-level kind of a value: ``string``, ``integer``, ``number``,
      ``decimal``, ``boolean``, ``date``, ``datetime``, ``list``.
    - ``storage``: the storage family; a type change between widgets is lossless (allowed)
      only when both have the same ``storage``.
    - ``can_be_dimension`` / ``can_be_measure``: report roles.
    - ``condition_type``: what conditions compare (one of :data:`CONDITION_TYPES`); the
      condition operators declare which types they accept, so the widget never lists them.
    - ``computed``: the value is written by the system (score, formula), never by a user.
    - ``refers_to``: ``"user"`` when the value is a user id, ``"record"`` for a linked record id.
    - ``address``: ``"email"`` or ``"phone"`` when the value reaches a person that way (the
      ``email`` and ``phone`` field roles ask it).
    - ``exact_match``: how values compare exactly when looking a person up (dedup, events);
      None for values compared fuzzily or not at all (:mod:`tessera.widgets.matching`).
    - ``recomputes``: a computed value re-derived from the record's other values on every
      save, by calling ``normalize(None, …)`` with ``ctx.record`` set (formula).
    - ``joins_parts``: when several columns of an imported file fill this field, their
      values are joined (first and last name); otherwise the first non-empty one counts
      (a mobile, else a landline).
    - ``list_filtered``: record lists filter on it often (a choice, a user), so the store
      keeps an index on it (:mod:`tessera.runtime.store.list_indexes`).
    - ``config_schema``: JSON Schema of the widget-specific ``config`` object.

    Example::

        w = widget_registry.get("phone")
        value = w.normalize(" 138 0013 8000 ", config={}, ctx=WidgetContext())
        w.validate(value, config={}, ctx=WidgetContext())
    """

    type: ClassVar[str]
    kind: ClassVar[str] = (
        "basic"  # palette group: basic, choice, datetime, contact, relation, system
    )
    value_type: ClassVar[str] = "string"
    storage: ClassVar[str] = "text"
    can_be_dimension: ClassVar[bool] = True
    can_be_measure: ClassVar[bool] = False
    computed: ClassVar[bool] = False
    refers_to: ClassVar[str | None] = None  # "user" or "record" when the value is an id
    address: ClassVar[str | None] = None  # "email" or "phone": how the value reaches a person
    exact_match: ClassVar[ExactMatch | None] = None  # exact lookups (dedup, events)
    recomputes: ClassVar[bool] = False  # computed fields re-derived from the record on every save
    joins_parts: ClassVar[bool] = False  # several imported columns join into one value (names)
    condition_type: ClassVar[str] = "text"
    list_filtered: ClassVar[bool] = False  # lists filter on it: the store indexes it
    config_schema: ClassVar[dict] = {"type": "object"}
    label: ClassVar[dict] = {}  # {"zh-CN": …, "en": …}: the palette name

    def sql_type(self, config: dict) -> sa.types.TypeEngine:
        """The column type of this field's column in its form's table."""
        return sa.Text()

    def storage_for(self, config: dict) -> str:
        """The storage family of a field with this ``config`` (``storage`` unless the config
        changes the column, as a formula's ``result`` does)."""
        return self.storage

    def condition_type_for(self, config: dict) -> str:
        """The condition type of a field with this ``config`` (``condition_type`` unless the
        config changes what the value is, as a formula's ``result`` does)."""
        return self.condition_type

    def depends_on(self, config: dict) -> tuple[str, ...]:
        """Keys of the fields this field's value only makes sense with (a city and the
        province field it lies in). A merge fills or keeps them together, never one alone.

        Example::

            widget_registry.get("region").depends_on({"province_field": "province"})
            # ("province",)
        """
        return ()

    def value_schema(self, config: dict) -> dict:
        """JSON Schema of the value as the API reads it (null allowed)."""
        return {"type": ["string", "null"]}

    def is_empty(self, value: Any) -> bool:
        """Whether ``value`` counts as not filled in (for *required*)."""
        return value is None or value == "" or value == []

    def normalize(self, raw: Any, *, config: dict, ctx: WidgetContext) -> Any:
        """Turn user input (an HTML form string or a JSON value) into the stored value.

        Returns None for empty input; raises :class:`FieldError` for input of the wrong shape.
        """
        raise NotImplementedError

    def validate(self, value: Any, *, config: dict, ctx: WidgetContext) -> None:
        """Check a normalized, non-empty value against the field's rules (min, max, pattern …).

        Raises :class:`FieldError`.
        """

    def to_json(self, value: Any, *, config: dict, ctx: WidgetContext) -> Any:
        """The value as the REST API reads it."""
        return value

    def to_form_data(self, value: Any, *, config: dict, ctx: WidgetContext | None = None) -> Any:
        """The stored value as the HTML field expects it (for edit forms).

        ``ctx`` is optional; widgets that show local time (datetime) use its time zone.
        """
        return value

    def form_field(
        self, *, label: str, config: dict, required: bool, description: str = "", ctx: WidgetContext
    ):
        """An unbound WTForms field for HTML forms. Validation stays in :meth:`normalize`."""
        raise NotImplementedError

    def condition_choices(self, config: dict, locale: str) -> list[dict] | None:
        """The closed set of values a condition on this field picks from, as
        ``[{"value", "label", "group"?}]`` in ``locale`` (``group``: an optgroup such as a
        city's province), or None when values are typed. By default the field's configured
        ``options`` when its config schema declares them.

        Example::

            widget_registry.get("select").condition_choices(
                {"options": [{"key": "finance", "label": {"zh-CN": "金融"}}]}, "zh_CN"
            )  # [{"value": "finance", "label": "金融"}]
        """
        if "options" not in (self.config_schema.get("properties") or {}):
            return None
        options = config.get("options")
        if not isinstance(options, list):
            return []
        return [
            {"value": o["key"], "label": label_text(o.get("label"), locale) or o["key"]}
            for o in options
            if isinstance(o, dict) and isinstance(o.get("key"), str)
        ]

    def display(self, value: Any, *, config: dict, ctx: WidgetContext) -> str:
        """Plain text for lists and detail pages (the template escapes it)."""
        return "" if value is None else str(value)

    def display_html(self, value: Any, *, config: dict, ctx: WidgetContext) -> str:
        """Escaped HTML for a value; widgets may add markup around escaped text."""
        return html.escape(self.display(value, config=config, ctx=ctx))

    def default_config(self) -> dict:
        """Config used when a field is added from the palette."""
        return {}


widget_registry: Registry[Widget] = Registry("widget")


def register(cls: type[Widget]) -> type[Widget]:
    """Class decorator: instantiate and register a widget.

    Example::

        @register
        class PhoneWidget(Widget):
            type = "phone"
    """
    widget_registry.register(cls())
    return cls
