"""The flows section: a form's flows (the document's ``flows`` whose ``form`` is it),
compiled with their triggers and actions, disabled ones too (they are checked at publish and
their runs in progress go on; they start no new run). A config that does not fit its type
refuses the publish with the path of the problem."""

from __future__ import annotations

from tessera.builder import InvalidDocument
from tessera.builder.errors import DocumentError, pointer
from tessera.runtime.flows.compiled import compile_flow
from tessera.runtime.flows.errors import FlowConfigError
from tessera.runtime.sections.base import Section


class FlowsSection(Section):
    """``(CompiledFlow, …)`` of the form, in document order (empty when it has none)."""

    type = "flows"

    def compile(self, form) -> tuple:
        compiled = []
        for key, doc in (form.app.spec.document.get("flows") or {}).items():
            if doc.get("form") != form.key:
                continue
            try:
                compiled.append(compile_flow(key, doc, form))
            except FlowConfigError as exc:
                path = pointer("flows", key) + exc.path
                raise InvalidDocument([DocumentError(path, exc.message, exc.message_zh)]) from None
        return tuple(compiled)
