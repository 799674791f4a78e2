"""The scoring section: the form's scoring model (the document's ``scoring.<form>``)."""

from __future__ import annotations

from tessera.conditions import FormSchema
from tessera.runtime.scoring.model import ScoringModel, compile_model
from tessera.runtime.sections.base import Section


class ScoringSection(Section):
    """The form's compiled :class:`~tessera.runtime.scoring.model.ScoringModel`, or None."""

    type = "scoring"

    def compile(self, form) -> ScoringModel | None:
        document = (form.app.spec.document.get("scoring") or {}).get(form.key)
        if document is None:
            return None
        return compile_model(document, schema=FormSchema.of_deployed(form))
