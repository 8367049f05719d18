"""A CRD's ``openAPIV3Schema`` (OpenAPI 3.0 with Kubernetes' structural-schema extensions)
as a JSON Schema 2020-12 that judges a custom resource as the API server does with strict field
validation: a field its schema does not declare is rejected unless the schema preserves unknown
fields. CEL rules (``x-kubernetes-validations``) are not evaluated here: the control-plane test
sends the objects to a real API server, which does."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

# Keywords whose meaning is the same in OpenAPI 3.0 and JSON Schema 2020-12.
_SAME = (
    "type",
    "format",
    "enum",
    "pattern",
    "minimum",
    "maximum",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
    "multipleOf",
    "required",
)
_JUNCTORS = ("allOf", "anyOf", "oneOf")
_TYPES = {"object", "array", "string", "integer", "number", "boolean"}
# RE2 (the API server's regular expressions) takes flags anywhere, e.g. ``^(?i)(abort|warn)?$``
# in prometheus-operator's PrometheusRule; Python only at the start.
_INLINE_FLAGS = re.compile(r"\(\?([aiLmsux]+)\)")
_EMBEDDED_FIELDS = ("apiVersion", "kind")


def custom_resource_schema(openapi: Mapping[str, Any], *, object_meta_ref: str) -> dict[str, Any]:
    """The JSON Schema of a custom resource. ``apiVersion``, ``kind`` and ``metadata`` are
    always allowed at the root (CRDs may leave them out); ``metadata`` is the API's ObjectMeta
    (``object_meta_ref``), plus whatever narrower rule the CRD gives it."""
    schema = convert(openapi, strict=True)
    properties = schema.setdefault("properties", {})
    for field in _EMBEDDED_FIELDS:
        properties[field] = {"type": "string"}
    declared = _node(openapi.get("properties"))
    properties["metadata"] = _metadata(declared.get("metadata"), object_meta_ref)
    return schema


def convert(node: Mapping[str, Any], *, strict: bool) -> dict[str, Any]:
    """One schema node and what it holds. ``strict`` is off inside ``allOf``/``anyOf``/
    ``oneOf``/``not``: a structural schema repeats there only fields declared outside, so
    closing those branches to other fields would reject valid objects."""
    node = {key: value for key, value in node.items() if value is not None}  # null: absent
    out: dict[str, Any] = {key: node[key] for key in _SAME if key in node}
    if "type" in out and out["type"] not in _TYPES:
        raise ValueError(f"type {out['type']!r} is not one of {', '.join(sorted(_TYPES))}")
    if isinstance(out.get("pattern"), str):
        pattern = python_pattern(out.pop("pattern"))
        if pattern is not None:
            out["pattern"] = pattern
    for bound, exclusive in (("minimum", "exclusiveMinimum"), ("maximum", "exclusiveMaximum")):
        # OpenAPI 3.0's exclusive bounds are flags on the bound; 2020-12's are the bound.
        if node.get(exclusive) is True and bound in out:
            out[exclusive] = out.pop(bound)
    if node.get("x-kubernetes-int-or-string"):
        out["type"] = ["integer", "string"]
    if isinstance(node.get("properties"), Mapping):
        out["properties"] = {
            name: convert(_node(child), strict=strict) for name, child in node["properties"].items()
        }
        # The API server fills defaults in before it checks required fields.
        defaulted = {
            name
            for name, child in node["properties"].items()
            if isinstance(child, Mapping) and "default" in child
        }
        if defaulted and "required" in out:
            out["required"] = [name for name in out["required"] if name not in defaulted]
    if isinstance(node.get("items"), Mapping):
        out["items"] = convert(node["items"], strict=strict)
    extra = node.get("additionalProperties")
    if isinstance(extra, Mapping):
        out["additionalProperties"] = convert(extra, strict=strict)
    elif isinstance(extra, bool):
        out["additionalProperties"] = extra
    elif (
        strict
        and node.get("type") == "object"
        and not node.get("x-kubernetes-preserve-unknown-fields")
    ):
        # The API server prunes undeclared fields; strict field validation rejects them.
        out["additionalProperties"] = False
    if node.get("x-kubernetes-embedded-resource") and "properties" in out:
        for field in _EMBEDDED_FIELDS:
            out["properties"].setdefault(field, {"type": "string"})
        out["properties"].setdefault("metadata", {"type": "object"})
    for junctor in _JUNCTORS:
        if isinstance(node.get(junctor), list):
            out[junctor] = [convert(_node(branch), strict=False) for branch in node[junctor]]
    if isinstance(node.get("not"), Mapping):
        out["not"] = convert(node["not"], strict=False)
    if node.get("nullable"):
        _allow_null(out)
    return out


def python_pattern(pattern: str) -> str | None:
    """The pattern as Python's ``re`` reads it: inline flags moved to the front; None when it
    still cannot be read (the check is then left to the API server)."""
    for candidate in (pattern, _flags_first(pattern)):
        try:
            re.compile(candidate)
        except re.error:
            continue
        return candidate
    return None


def _flags_first(pattern: str) -> str:
    flags = "".join(sorted(set("".join(_INLINE_FLAGS.findall(pattern)))))
    return f"(?{flags}){_INLINE_FLAGS.sub('', pattern)}" if flags else pattern


def without_nulls(value: Any) -> Any:
    """The object as the API server validates it: null fields of a custom resource are pruned
    before validation (unless nullable, which this offline check does not tell apart)."""
    if isinstance(value, Mapping):
        return {key: without_nulls(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [without_nulls(item) for item in value]
    return value


def _node(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _metadata(own: Any, object_meta_ref: str) -> dict[str, Any]:
    if not isinstance(own, Mapping) or set(own) <= {"type", "description"}:
        return {"$ref": object_meta_ref}
    return {"allOf": [{"$ref": object_meta_ref}, convert(own, strict=False)]}


def _allow_null(out: dict[str, Any]) -> None:
    kind = out.get("type")
    if isinstance(kind, str):
        out["type"] = [kind, "null"]
    elif isinstance(kind, list):
        out["type"] = [*kind, "null"]
    if "enum" in out:
        out["enum"] = [*out["enum"], None]
