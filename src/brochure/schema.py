"""The JSON Schema of `event.yaml` as people write it, for editors that check while typing.

It comes from the same source as the model (model.py), so it cannot drift from what the
loader accepts. It describes the file, not the model: `about` is text or a list,
`attendees` a CSV file name or a list, a title may be written `187` (which an editor's
YAML 1.2 reads as a number, and brochure as the text it is). JSON Schema draft 2020-12,
as yaml-language-server (VS Code's YAML extension) reads it.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from brochure import __version__
from brochure.config import MODELINE, SCHEMA_FILE
from brochure.model import Event, described

__all__ = ["MODELINE", "SCHEMA_FILE", "event_schema", "schema_text"]

SCHEMA_ID = "https://brochure.invalid/event.schema.json"
#: HH:MM or H:MM, 24-hour (JSON Schema's `time` format wants seconds and a zone).
TIME_PATTERN = r"^([01]?[0-9]|2[0-3]):[0-5][0-9]$"


class _AsWritten(GenerateJsonSchema):
    """Pydantic's schema generator, adjusted to what a YAML editor sees."""

    def str_schema(self, schema: core_schema.StringSchema) -> JsonSchemaValue:
        value = super().str_schema(schema)
        # `number: 187` or `title: 2025` is a number to an editor's YAML; brochure reads
        # every plain scalar as the text it is, so a number stands for text too.
        if not ({"pattern", "enum", "format"} & set(value)):
            value["type"] = ["string", "number"]
        return value

    def time_schema(self, schema: core_schema.TimeSchema) -> JsonSchemaValue:
        return {"type": "string", "pattern": TIME_PATTERN}

    def dict_schema(self, schema: core_schema.DictSchema) -> JsonSchemaValue:
        value = super().dict_schema(schema)
        # Text by language (`title: {en: ..., es: ...}`): its keys are language tags only.
        if "patternProperties" in value:
            value["additionalProperties"] = False
        return value


def event_schema() -> dict[str, Any]:
    """The schema of an event file, as a JSON-ready dict."""
    described()
    schema = Event.model_json_schema(mode="validation", schema_generator=_AsWritten)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "$comment": f"brochure {__version__}",
        **schema,
    }


def schema_text() -> str:
    """The schema as JSON text, indented for people, ending with a newline."""
    return json.dumps(event_schema(), indent=2, ensure_ascii=False) + "\n"
