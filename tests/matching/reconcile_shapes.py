"""The JSON shapes of the W3C Entity Reconciliation API v0.2 (Final Community Group Report,
2023-04-10, appendix "JSON Schemas"), restated here as JSON Schema for the service's tests.

Only what the specification requires or constrains is checked: required fields, field types,
the ``{{id}}`` placeholders of URL templates and the allowed cell forms of data extension.
"""

from __future__ import annotations

_STR = {"type": "string"}
_TYPE_REF = {"oneOf": [{"type": "object", "properties": {"id": _STR, "name": _STR},
                        "required": ["id"]}, _STR]}  # fmt: skip
_TEMPLATE = {"type": "string", "pattern": ".*\\{\\{id\\}\\}.*"}
_SERVICE = {"type": "object", "properties": {"service_url": _STR, "service_path": _STR}}

MANIFEST = {
    "type": "object",
    "required": ["versions", "name", "identifierSpace", "schemaSpace"],
    "properties": {
        "versions": {"type": "array", "items": _STR, "contains": {"const": "0.2"}},
        "name": _STR,
        "identifierSpace": _STR,
        "schemaSpace": _STR,
        "batchSize": {"type": "integer", "minimum": 1},
        "view": {"type": "object", "required": ["url"], "properties": {"url": _TEMPLATE}},
        "preview": {
            "type": "object",
            "required": ["url", "width", "height"],
            "properties": {
                "url": _TEMPLATE,
                "width": {"type": "integer"},
                "height": {"type": "integer"},
            },
        },
        "defaultTypes": {"type": "array", "items": {"type": "object", "required": ["id", "name"]}},
        "suggest": {
            "type": "object",
            "properties": {k: _SERVICE for k in ("entity", "property", "type")},
        },
        "extend": {
            "type": "object",
            "properties": {
                "propose_properties": _SERVICE,
                "property_settings": {"type": "array"},
            },
        },
    },
}

RESULT_BATCH = {
    "type": "object",
    "additionalProperties": {
        "type": "object",
        "required": ["result"],
        "properties": {
            "result": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["id", "name", "score"],
                    "properties": {
                        "id": _STR,
                        "name": _STR,
                        "description": _STR,
                        "score": {"type": "number"},
                        "match": {"type": "boolean"},
                        "type": {"type": "array", "items": _TYPE_REF},
                        "features": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["id", "value"],
                                "properties": {
                                    "id": _STR,
                                    "value": {"type": ["boolean", "number"]},
                                },
                            },
                        },
                    },
                },
            }
        },
    },
}

SUGGEST_ENTITIES = {
    "type": "object",
    "required": ["result"],
    "properties": {
        "result": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "name"],
                "properties": {
                    "id": _STR,
                    "name": _STR,
                    "description": _STR,
                    "notable": {"type": "array", "items": _TYPE_REF},
                },
            },
        }
    },
}

SUGGEST_PROPERTIES = {
    "type": "object",
    "required": ["result"],
    "properties": {
        "result": {"type": "array", "items": {"type": "object", "required": ["id", "name"]}}
    },
}

PROPOSE_PROPERTIES = {
    "type": "object",
    "required": ["type", "properties"],
    "properties": {
        "type": _STR,
        "limit": {"type": "integer"},
        "properties": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "name"],
                "properties": {"id": _STR, "name": _STR},
            },
        },
    },
}

_CELL = {
    "oneOf": [
        {"type": "object", "additionalProperties": False, "maxProperties": 0},
        {"type": "object", "required": ["id", "name"], "additionalProperties": False,
         "properties": {"id": _STR, "name": _STR, "description": _STR}},
        {"type": "object", "required": ["str"], "additionalProperties": False,
         "properties": {"str": _STR}},
        {"type": "object", "required": ["float"], "additionalProperties": False,
         "properties": {"float": {"type": "number"}}},
        {"type": "object", "required": ["int"], "additionalProperties": False,
         "properties": {"int": {"type": "integer"}}},
        {"type": "object", "required": ["date"], "additionalProperties": False,
         "properties": {"date": _STR}},
    ]
}  # fmt: skip

EXTEND_RESPONSE = {
    "type": "object",
    "required": ["meta", "rows"],
    "properties": {
        "meta": {"type": "array", "items": {"type": "object", "required": ["id", "name"]}},
        "rows": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "additionalProperties": {"type": "array", "items": _CELL},
            },
        },
    },
}
