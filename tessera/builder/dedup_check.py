"""Checks of a form's ``dedup`` policy that its JSON Schema cannot express: every matched key
is a text-like field of the same form."""

from __future__ import annotations

from tessera.builder.errors import DocumentError


def check_dedup(form: dict, base: str, fields: dict, out: list[DocumentError]) -> None:
    """Report ``dedup.match`` keys that are not string fields of ``form``.

    Example::

        check_dedup({"dedup": {"match": ["phone"]}}, "/forms/0", fields, out)
    """
    dedup = form.get("dedup")
    if not isinstance(dedup, dict) or not isinstance(dedup.get("match"), list):
        return
    for i, key in enumerate(dedup["match"]):
        if not isinstance(key, str):
            continue
        entry = fields.get(key)
        path = f"{base}/dedup/match/{i}"
        if entry is None:
            known = ", ".join(fields) or "—"
            out.append(
                DocumentError(
                    path,
                    f"Duplicates cannot be matched on «{key}»: the form has no such field. "
                    f"Its fields are: {known}.",
                    f"无法按「{key}」查重：表单中没有这个字段。表单的字段有：{known}。",
                    code="unknown_field",
                )
            )
        elif entry.widget is not None and (
            entry.widget.value_type != "string" or entry.widget.computed
        ):
            out.append(
                DocumentError(
                    path,
                    f"Duplicates are matched on text, phone or email fields; «{key}» is not one.",
                    f"查重只能使用文本、手机或邮箱字段；「{key}」不是这类字段。",
                    code="bad_dedup_field",
                )
            )
