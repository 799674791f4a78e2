"""App templates shipped as data (``templates/<key>.json``) and the blank app."""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from tessera.builder.upgrade import CURRENT_VERSION
from tessera.registry import UnknownType


@dataclass(frozen=True)
class TemplateInfo:
    """What the «new app» page shows about a template."""

    key: str
    label: dict
    description: dict | None


def _template_dir():
    return files("tessera.builder").joinpath("templates")


def template_keys() -> list[str]:
    """Keys of the shipped templates, sorted."""
    names = (p.name for p in _template_dir().iterdir() if p.name.endswith(".json"))
    return sorted(name.removesuffix(".json") for name in names)


@cache
def _template_text(key: str) -> str:
    if key not in template_keys():
        raise UnknownType("template", key)
    return _template_dir().joinpath(f"{key}.json").read_text("utf-8")


def load_template(key: str) -> dict:
    """A fresh app document from template ``key``; the caller may change it freely.

    Raises :class:`~tessera.registry.UnknownType` for an unknown key.

    Example::

        doc = load_template("leads")
        doc["forms"][0]["key"]  # "lead"
    """
    return json.loads(_template_text(key))


def list_templates() -> list[TemplateInfo]:
    """Every shipped template with its label and description."""
    out = []
    for key in template_keys():
        doc = load_template(key)
        out.append(TemplateInfo(key=key, label=doc["label"], description=doc.get("description")))
    return out


def blank_app(key: str, label: Any) -> dict:
    """A new app with one form (keyed like the app) holding one required «name» field.

    ``label`` is a bilingual label ``{"zh-CN": …, "en": …}`` or a plain string (zh-CN).

    Example::

        blank_app("contacts", {"zh-CN": "联系人", "en": "Contacts"})
    """
    label = copy.deepcopy(label) if isinstance(label, dict) else {"zh-CN": str(label)}
    return {
        "version": CURRENT_VERSION,
        "key": key,
        "label": label,
        "navigation": [key],
        "forms": [
            {
                "key": key,
                "label": copy.deepcopy(label),
                "title_field": "name",
                "list_fields": ["name"],
                "sections": [
                    {
                        "key": "basic",
                        "label": {"zh-CN": "基本信息", "en": "Basics"},
                        "columns": 2,
                        "fields": [
                            {
                                "key": "name",
                                "type": "text",
                                "label": {"zh-CN": "名称", "en": "Name"},
                                "required": True,
                            }
                        ],
                    }
                ],
            }
        ],
    }
