"""The interface of a section: one part of a published app document, compiled once per version
when the catalog loads it (:func:`tessera.runtime.sections.compile_sections`)."""

from __future__ import annotations


class Section:
    """Compiles one part of a deployed form into an immutable runtime object.

    ``type`` is the key its result is found under (``form.section("scoring")``). A section
    compiles from the published document and the forms' tables, never from stored rows.

    Example::

        class ScoringSection(Section):
            type = "scoring"

            def compile(self, form):
                return compile_model(...)  # or None: the form has no scoring model
    """

    type: str = ""

    def compile(self, form) -> object | None:
        """The compiled section of ``form`` (a DeployedForm whose ``app`` is set), or None when the form has none."""
        raise NotImplementedError
