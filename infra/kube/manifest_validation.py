#!/usr/bin/env python3
"""Offline validation of Kubernetes manifests: every object of a multi-document YAML stream
(``helm template``'s output) against the API's JSON schemas of one Kubernetes version, which
the ``kubernetes-validate`` wheel ships, strictly (an undeclared field is a finding, as the API
server's strict field validation rejects it); every custom resource against the
``openAPIV3Schema`` of its CRD (``crd_schemas``); and the API server's own rules that no schema
carries (``api_rules``: names, labels, port names, duplicates).

    .venv/bin/python infra/kube/manifest_validation.py rendered.yaml [--crds] [--kubernetes 1.37]

It uses ``jsonschema`` on kubernetes-validate's schema files rather than that package's
``validate()``: one validator per kind built once and reused (its ``validate()`` reads and
parses the schema files again for every object), and every error of an object reported, not
only the first. The files' ``$ref``s resolve as they are, through a ``referencing`` registry.
"""

from __future__ import annotations

import argparse
import functools
import importlib.resources
import json
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator, ValidationError
from jsonschema.exceptions import best_match
from referencing import Registry, Resource

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from infra.kube import api_rules  # noqa: E402
from infra.kube.api_rules import Finding  # noqa: E402
from infra.kube.crd_schemas import custom_resource_schema, without_nulls  # noqa: E402

__all__ = ["KUBERNETES_VERSION", "Finding", "ManifestValidator", "load_crds"]

# The newest API the kubernetes-validate wheel ships: the version the chart targets.
KUBERNETES_VERSION = "1.37"
DEFINITIONS_URI = "https://kubernetes.io/api/_definitions.json"
OBJECT_META = f"{DEFINITIONS_URI}#/$defs/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"
_CRD = ("apiextensions.k8s.io/v1", "CustomResourceDefinition")
_MESSAGE_LIMIT = 300


class ManifestValidator:
    """Validates objects of one Kubernetes version, and of the custom resources of the CRDs
    it is given (and of those found in the stream it validates)."""

    def __init__(
        self,
        *,
        kubernetes_version: str = KUBERNETES_VERSION,
        crds: Iterable[Mapping[str, Any]] = (),
    ) -> None:
        self.kubernetes_version = kubernetes_version
        self._folder = schema_folder(kubernetes_version)
        self._registry = _registry(self._folder)
        self._custom: dict[tuple[str, str], dict[str, Any]] = {}
        self._validators: dict[tuple[str, str], Draft202012Validator | None] = {}
        for crd in crds:
            self.add_crd(crd)

    def add_crd(self, crd: Mapping[str, Any]) -> None:
        """Custom resources of this CRD's served versions are validated against its schema;
        ValueError when that schema is not one (an unknown type)."""
        spec = crd.get("spec") or {}
        group, kind = spec.get("group"), (spec.get("names") or {}).get("kind")
        for version in spec.get("versions") or []:
            if not isinstance(version, Mapping) or not version.get("served"):
                continue
            if not group or not kind or not version.get("name"):
                continue
            openapi = ((version.get("schema") or {}).get("openAPIV3Schema")) or {}
            key = (f"{group}/{version['name']}", kind)
            self._custom[key] = custom_resource_schema(openapi, object_meta_ref=OBJECT_META)
            self._validators.pop(key, None)

    @property
    def custom_kinds(self) -> list[tuple[str, str]]:
        return sorted(self._custom)

    def validate_stream(self, text: str) -> list[Finding]:
        try:
            documents = [doc for doc in yaml.load_all(text, Loader=_Loader) if doc is not None]
        except yaml.YAMLError as exc:
            return [Finding("", "", "", f"not a YAML stream: {exc}")]
        return self.validate_objects(documents)

    def validate_objects(self, objects: Iterable[Any]) -> list[Finding]:
        expanded = list(_expand_lists(objects))
        # The stream's CRDs first, so that its custom resources are judged by them; a CRD the
        # API server would refuse defines nothing.
        checked: dict[int, list[Finding]] = {}
        for index, obj in enumerate(expanded):
            if isinstance(obj, Mapping) and (obj.get("apiVersion"), obj.get("kind")) == _CRD:
                checked[index] = self.validate_object(obj)
                if not checked[index]:
                    try:
                        self.add_crd(obj)
                    except ValueError as exc:
                        where = "spec.versions"
                        message = f"its schema cannot judge anything: {exc}"
                        checked[index] = [
                            Finding(obj["kind"], api_rules.name_of(obj), where, message)
                        ]
        findings = [
            finding
            for index, obj in enumerate(expanded)
            for finding in (checked[index] if index in checked else self.validate_object(obj))
        ]
        return findings + api_rules.duplicates(expanded)

    def validate_object(self, obj: Any) -> list[Finding]:
        if not isinstance(obj, Mapping):
            return [Finding("", "", "", f"a document is not an object but {type(obj).__name__}")]
        api_version, kind, name = obj.get("apiVersion"), obj.get("kind"), api_rules.name_of(obj)
        if not isinstance(api_version, str) or not isinstance(kind, str):
            return [Finding(str(kind or ""), name, "", "apiVersion and kind must be strings")]
        custom = (api_version, kind) in self._custom
        validator = self._validator(api_version, kind)
        if validator is None:
            message = (
                f"no schema for {kind} {api_version} in Kubernetes {self.kubernetes_version}'s "
                "API nor in the CRDs given"
            )
            return [Finding(kind, name, "apiVersion", message)]
        instance = without_nulls(obj) if custom else obj
        findings = [
            finding
            for error in validator.iter_errors(instance)
            for finding in _findings(kind, name, error)
        ]
        return sorted(findings + api_rules.check(obj), key=lambda finding: finding.path)

    def _validator(self, api_version: str, kind: str) -> Draft202012Validator | None:
        key = (api_version, kind)
        if key not in self._validators:
            schema = self._custom.get(key) or self._builtin_schema(api_version, kind)
            self._validators[key] = (
                None if schema is None else Draft202012Validator(schema, registry=self._registry)
            )
        return self._validators[key]

    def _builtin_schema(self, api_version: str, kind: str) -> dict[str, Any] | None:
        # kubernetes-validate's file names: <kind>-<first label of the group>-<version>.json.
        group, _, version = api_version.rpartition("/")
        prefix = f"{group.split('.')[0]}-" if group else ""
        path = self._folder / f"{kind.lower()}-{prefix}{version}.json"
        if not path.is_file():
            return None
        schema: dict[str, Any] = json.loads(path.read_text())
        declared = schema.get("properties") or {}
        # Two groups may share a first label: the file must name this very apiVersion.
        if api_version not in (declared.get("apiVersion") or {}).get("enum", []):
            return None
        if kind not in (declared.get("kind") or {}).get("enum", []):
            return None
        return schema


def schema_folder(kubernetes_version: str) -> Path:
    """kubernetes-validate's strict schemas of one ``major.minor`` version."""
    root = importlib.resources.files("kubernetes_validate") / "kubernetes-json-schema"
    folder = Path(str(root)) / f"v{kubernetes_version.removeprefix('v')}.0-local-strict"
    if not folder.is_dir():
        shipped = sorted(p.name for p in Path(str(root)).iterdir() if p.name.endswith("-strict"))
        raise ValueError(f"no schemas of Kubernetes {kubernetes_version}; shipped: {shipped}")
    return folder


@functools.cache
def _registry(folder: Path) -> Registry[Any]:
    # Read once per process: the definitions of one version are 1.8 MB of JSON.
    definitions = json.loads((folder / "_definitions.json").read_text())
    registry: Registry[Any] = Registry().with_resource(
        DEFINITIONS_URI, Resource.from_contents(definitions)
    )
    return registry


def load_crds(paths: Iterable[Path]) -> list[dict[str, Any]]:
    """The CustomResourceDefinitions of these manifest files."""
    crds: list[dict[str, Any]] = []
    for path in paths:
        for doc in yaml.load_all(path.read_text(), Loader=_Loader):
            if isinstance(doc, dict) and (doc.get("apiVersion"), doc.get("kind")) == _CRD:
                crds.append(doc)
    return crds


# libyaml's loader when PyYAML was built with it (several times faster on large CRDs).
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _expand_lists(objects: Iterable[Any]) -> Iterator[Any]:
    for obj in objects:
        if isinstance(obj, Mapping) and obj.get("kind") == "List" and "items" in obj:
            yield from _expand_lists(obj["items"] or [])
        else:
            yield obj


def _findings(kind: str, name: str, error: ValidationError) -> list[Finding]:
    if error.validator == "additionalProperties" and error.validator_value is False:
        declared = error.schema.get("properties", {}) if isinstance(error.schema, Mapping) else {}
        instance = error.instance if isinstance(error.instance, Mapping) else {}
        unknown = sorted(str(key) for key in instance if key not in declared)
        return [
            Finding(
                kind, name, api_rules.path_of([*error.absolute_path, key]), f"unknown field {key!r}"
            )
            for key in unknown
        ]
    if error.validator in ("oneOf", "anyOf") and error.context:
        if all(sub.validator == "type" for sub in error.context):
            # IntOrString, Quantity...: one message naming every accepted type.
            types = {t for sub in error.context for t in _types(sub.validator_value)}
            return [_type_finding(kind, name, error, types)]
        error = best_match(error.context)
    if error.validator == "type":
        return [_type_finding(kind, name, error, set(_types(error.validator_value)))]
    return [Finding(kind, name, api_rules.path_of(error.absolute_path), _limit(error.message))]


def _type_finding(kind: str, name: str, error: ValidationError, types: set[str]) -> Finding:
    # The schemas accept null almost everywhere (an absent field): not worth naming.
    accepted = " or ".join(sorted(types - {"null"}) or ["null"])
    message = f"{_short(error.instance)} is not of type {accepted}"
    return Finding(kind, name, api_rules.path_of(error.absolute_path), message)


def _types(value: Any) -> list[str]:
    return [value] if isinstance(value, str) else [str(item) for item in value]


def _short(value: Any) -> str:
    return _limit(json.dumps(value, default=str))


def _limit(text: str) -> str:
    return text if len(text) <= _MESSAGE_LIMIT else text[: _MESSAGE_LIMIT - 1] + "…"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", type=Path, help="YAML streams ('-' for stdin)")
    parser.add_argument("--kubernetes", default=KUBERNETES_VERSION, help="major.minor")
    parser.add_argument("--crds", action="store_true", help="with the pinned CRDs (crds.py)")
    args = parser.parse_args(argv)
    crds: list[dict[str, Any]] = []
    if args.crds:
        from infra.kube.crds import ensure_crds

        crds = load_crds(ensure_crds())
    validator = ManifestValidator(kubernetes_version=args.kubernetes, crds=crds)
    failed = False
    for file in args.files:
        text = sys.stdin.read() if str(file) == "-" else file.read_text()
        for finding in validator.validate_stream(text):
            failed = True
            print(f"{file}: {finding}")  # noqa: T201 (the command's report)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
