"""What the runtime compiles from a published app, once per version, through one registry.

The builder compiles the document into specs (fields, their visibility conditions, dedup,
roles); each section here compiles one more runtime piece of every form from those specs:
visibility bound to the clock, the row scope, the scoring model, the emails, the flows. Reports will
register theirs here too. The catalog holds the results in the one immutable
:class:`~tessera.runtime.catalog.DeployedApp` per version; nothing else caches them.

Example::

    form.section("scoring").score(values, env)
"""

from __future__ import annotations

from tessera.builder.frozen import FrozenDict
from tessera.registry import Registry
from tessera.runtime.sections.base import Section
from tessera.runtime.sections.emails import EmailsSection
from tessera.runtime.sections.flows import FlowsSection
from tessera.runtime.sections.row_scope import RowScopeSection
from tessera.runtime.sections.scoring import ScoringSection
from tessera.runtime.sections.views import ViewsSection
from tessera.runtime.sections.visibility import VisibilitySection

section_registry: Registry[Section] = Registry("section")
for _section in (
    VisibilitySection(),
    RowScopeSection(),
    ScoringSection(),
    EmailsSection(),  # before flows: a send_email step finds its email here
    FlowsSection(),
    ViewsSection(),
):
    section_registry.register(_section)
section_registry.freeze()


def compile_sections(forms) -> None:
    """Give every DeployedForm of one app its ``sections`` (``{type: compiled}``): section
    by section in registry order across all the forms, so a later section may read an earlier
    one of any form (a flow's score trigger reads the scoring model)."""
    built: dict[str, dict] = {key: {} for key in forms}
    for section in section_registry:
        for key, form in forms.items():
            built[key][section.type] = section.compile(form)
            object.__setattr__(form, "sections", FrozenDict(built[key]))


__all__ = ["Section", "compile_sections", "section_registry"]
