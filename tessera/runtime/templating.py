"""Message templates users write (emails, robot messages): they read a record's fields and
nothing else.

A template is Jinja syntax restricted to what a message needs: ``{{ company }}`` (a field
by key, shown as the record shows it: option labels, user names, region names),
``{% if … %}`` with comparisons, and a few text filters. Loops, attribute access, calls,
imports and macros are refused when the template is checked (at publish), so a user's
template can neither reach the platform's objects nor run long; rendering happens in an
immutable sandbox besides.

Example::

    template = compile_template("您好 {{ name }}，{{ company }}", form, where="steps[0].subject")
    template.render(record_context(form, record, locale="zh_CN"))  # "您好 张三，某某科技"
"""

from __future__ import annotations

from jinja2 import TemplateSyntaxError, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment

from tessera.runtime.lookups import widget_context
from tessera.widgets import WidgetContext

FILTERS = frozenset({"default", "upper", "lower", "title", "trim", "truncate", "replace"})
ALLOWED = (
    nodes.Template,
    nodes.Output,
    nodes.TemplateData,
    nodes.Name,
    nodes.Const,
    nodes.If,
    nodes.Compare,
    nodes.Operand,
    nodes.And,
    nodes.Or,
    nodes.Not,
    nodes.Filter,
    nodes.Concat,
    nodes.CondExpr,
)
EXTRA_NAMES = frozenset({"record_id", "record_url", "unsubscribe_url"})
MAX_LENGTH = 20_000

_text = ImmutableSandboxedEnvironment(autoescape=False)
_html = ImmutableSandboxedEnvironment(autoescape=True)


class TemplateError(ValueError):
    """A template that cannot be used: the message says where and why."""


def compile_template(source: str, form, *, where: str, html: bool = False, extra=()):
    """``source`` checked against ``form``'s fields, compiled; raises :class:`TemplateError`."""
    if not isinstance(source, str):
        raise TemplateError(f"{where}: a template is text")
    if len(source) > MAX_LENGTH:
        raise TemplateError(f"{where}: a template is at most {MAX_LENGTH} characters")
    env = _html if html else _text
    try:
        tree = env.parse(source)
    except TemplateSyntaxError as exc:
        raise TemplateError(f"{where}: line {exc.lineno}: {exc.message}") from None
    known = {f.key for f in form.spec.fields} | EXTRA_NAMES | set(extra)
    for node in tree.find_all(nodes.Node):
        if not isinstance(node, ALLOWED):
            raise TemplateError(
                f"{where}: {type(node).__name__.lower()} is not allowed in a message template;"
                " use fields like {{ company }}, {% if %} and text filters"
            )
        if isinstance(node, nodes.Name) and node.name not in known:
            raise TemplateError(f"{where}: no field {node.name!r} in form {form.key!r}")
        if isinstance(node, nodes.Filter) and node.name not in FILTERS:
            raise TemplateError(f"{where}: filter {node.name!r} is not allowed")
    return env.from_string(source)


def record_context(
    form, record, *, locale: str, timezone: str = "Asia/Shanghai", conn=None
) -> dict:
    """What a template sees: every field of ``record`` as display text (empty when unset);
    with ``conn``, users and linked records by name, as the record page shows them."""
    if conn is not None:
        ctx = widget_context(conn, form.app, locale=locale, timezone=timezone)
    else:
        ctx = WidgetContext(locale=locale, timezone=timezone)
    out = {"record_id": record.id}
    for field in form.spec.fields:
        value = record.values.get(field.key)
        if value is None or value == "" or value == []:
            out[field.key] = ""
            continue
        try:
            out[field.key] = field.widget.display(value, config=dict(field.config), ctx=ctx)
        except Exception:  # a value its widget cannot show (e.g. an old option) reads raw
            out[field.key] = str(value)
    return out
