"""The row-scope section: who may see which records (:mod:`tessera.runtime.auth.scope`)."""

from __future__ import annotations

from tessera.runtime.auth.scope import compile_row_scope
from tessera.runtime.sections.base import Section


class RowScopeSection(Section):
    """The form's :class:`~tessera.runtime.auth.scope.RowScope`, or None when nobody is
    limited."""

    type = "row_scope"

    def compile(self, form):
        return compile_row_scope(form)
