"""The engines outputs are made with: layout files, Jinja, WeasyPrint (confined), fonts,
and the rendering child's limits. Third-party internals stay inside these modules."""
