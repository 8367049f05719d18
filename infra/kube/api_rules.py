"""Rules the API server enforces that no JSON schema carries, checked offline: object, label,
container, volume and port names; volume mounts naming a volume; selectors matching their pod
template; resource requests within limits (and equal to them for extended resources such as
``nvidia.com/gpu``); one object per kind, namespace and name. Each broken rule is a
``Finding``, as the API server's own message would place it."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any


@dataclass(frozen=True)
class Finding:
    """One problem of one object: its kind and name, the field's path, what is wrong."""

    kind: str
    name: str
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.kind}/{self.name} at {self.path or '(object)'}: {self.message}"


_LABEL = r"[a-z0-9]([-a-z0-9]*[a-z0-9])?"
DNS_LABEL = re.compile(_LABEL)
DNS_SUBDOMAIN = re.compile(rf"{_LABEL}(\.{_LABEL})*")
DNS_1035_LABEL = re.compile(r"[a-z]([-a-z0-9]*[a-z0-9])?")
_QUALIFIED_NAME = re.compile(r"([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]")
_PORT_NAME = re.compile(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?")
# Kinds whose names follow other rules: RBAC's are path segments, a Service's a DNS-1035 label.
_PATH_SEGMENT_NAMED = {"Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"}
_LABEL_NAMED = {"Namespace": DNS_LABEL, "Service": DNS_1035_LABEL}
_WORKLOADS = {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"}
# A CronJob's name takes an 11-character suffix in its Jobs' names, which must stay <= 63.
_CRONJOB_NAME_LIMIT = 52
_QUANTITY = re.compile(r"([+-]?[0-9.]+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?")
_SUFFIXES = {
    **{s: Decimal(1024) ** (i + 1) for i, s in enumerate(("Ki", "Mi", "Gi", "Ti", "Pi", "Ei"))},
    **{s: Decimal(10) ** e for s, e in (("n", -9), ("u", -6), ("m", -3), ("k", 3), ("M", 6))},
    **{s: Decimal(10) ** e for s, e in (("G", 9), ("T", 12), ("P", 15), ("E", 18))},
}


def name_of(obj: Mapping[str, Any]) -> str:
    metadata = obj.get("metadata")
    if not isinstance(metadata, Mapping):
        return ""
    return str(metadata.get("name") or metadata.get("generateName") or "")


def path_of(parts: Iterable[object]) -> str:
    """``spec.template.spec.containers[0].ports[1].name``; a key with dots or slashes (a
    label's) in brackets."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        elif re.fullmatch(r"[A-Za-z0-9_$-]+", str(part)):
            text += f".{part}" if text else str(part)
        else:
            text += f"[{str(part)!r}]"
    return text


def check(obj: Mapping[str, Any]) -> list[Finding]:
    kind, name = str(obj.get("kind")), name_of(obj)
    problems = [*_metadata_problems(kind, obj.get("metadata"))]
    spec = _map(obj.get("spec"))
    # A StatefulSet's pods also mount the volumes its claim templates make.
    claims = [
        _map(claim.get("metadata")).get("name")
        for claim in _list(spec.get("volumeClaimTemplates"))
        if isinstance(claim, Mapping)
    ]
    for path, pod_spec in _pod_specs(kind, spec):
        problems += _pod_problems(path, pod_spec, claims)
    if kind in _WORKLOADS:
        problems += _selector_problems(spec)
    if kind == "Service":
        problems += _service_problems(spec)
    if kind == "PodDisruptionBudget" and {"minAvailable", "maxUnavailable"} <= set(spec):
        problems.append(("spec", "minAvailable and maxUnavailable cannot be both set"))
    return [Finding(kind, name, path, message) for path, message in problems]


def duplicates(objects: Sequence[Any]) -> list[Finding]:
    """Two objects of one group, kind, namespace and name: the second would overwrite the
    first (or the install would fail)."""
    seen: set[tuple[str, str, str, str]] = set()
    findings: list[Finding] = []
    for obj in objects:
        if not isinstance(obj, Mapping) or not isinstance(obj.get("metadata"), Mapping):
            continue
        group = str(obj.get("apiVersion", "")).rpartition("/")[0]
        key = (group, str(obj.get("kind")), str(obj["metadata"].get("namespace", "")), name_of(obj))
        if key in seen and key[3]:
            findings.append(
                Finding(key[1], key[3], "metadata.name", "a second object of this name")
            )
        seen.add(key)
    return findings


def _metadata_problems(kind: str, metadata: Any) -> Iterator[tuple[str, str]]:
    if not isinstance(metadata, Mapping):
        yield "metadata", "metadata is required"
        return
    name = metadata.get("name")
    if not name and not metadata.get("generateName"):
        yield "metadata.name", "name or generateName is required"
    elif isinstance(name, str) and kind not in _PATH_SEGMENT_NAMED:
        rule = _LABEL_NAMED.get(kind, DNS_SUBDOMAIN)
        limit = 63 if kind in _LABEL_NAMED else 253
        if kind == "CronJob":
            limit = _CRONJOB_NAME_LIMIT
        if len(name) > limit or not rule.fullmatch(name):
            yield (
                "metadata.name",
                f"{name!r} is not a valid name for a {kind} ({_rule(rule, limit)})",
            )
    namespace = metadata.get("namespace")
    if isinstance(namespace, str) and not (len(namespace) <= 63 and DNS_LABEL.fullmatch(namespace)):
        yield "metadata.namespace", f"{namespace!r} is not a DNS-1123 label"
    for field in ("labels", "annotations"):
        yield from _map_problems(f"metadata.{field}", metadata.get(field), values=field == "labels")


def _map_problems(path: str, labels: Any, *, values: bool) -> Iterator[tuple[str, str]]:
    if not isinstance(labels, Mapping):
        return
    for key, value in labels.items():
        where = path_of([*path.split("."), key])
        if not _qualified_name(str(key)):
            yield where, f"{key!r} is not a valid label or annotation key"
        if (
            values
            and isinstance(value, str)
            and value
            and not (len(value) <= 63 and _QUALIFIED_NAME.fullmatch(value))
        ):
            yield where, f"{value!r} is not a valid label value (63 characters at most)"


def _qualified_name(key: str) -> bool:
    prefix, _, name = key.rpartition("/")
    if prefix and not (len(prefix) <= 253 and DNS_SUBDOMAIN.fullmatch(prefix)):
        return False
    return 0 < len(name) <= 63 and _QUALIFIED_NAME.fullmatch(name) is not None


def _pod_specs(kind: str, spec: Mapping[str, Any]) -> Iterator[tuple[str, Mapping[str, Any]]]:
    if kind == "Pod":
        yield "spec", spec
    template = spec.get("template")
    if kind == "CronJob":
        job = _map(_map(spec.get("jobTemplate")).get("spec"))
        template, prefix = job.get("template"), "spec.jobTemplate.spec.template"
    else:
        prefix = "spec.template"
    if isinstance(template, Mapping) and isinstance(template.get("spec"), Mapping):
        yield f"{prefix}.spec", template["spec"]


def _pod_problems(
    path: str, pod: Mapping[str, Any], claims: Sequence[Any]
) -> Iterator[tuple[str, str]]:
    volumes = [v.get("name") for v in _list(pod.get("volumes")) if isinstance(v, Mapping)]
    for index, volume in enumerate(volumes):
        if not (isinstance(volume, str) and len(volume) <= 63 and DNS_LABEL.fullmatch(volume)):
            yield f"{path}.volumes[{index}].name", f"{volume!r} is not a DNS-1123 label"
        elif volume in volumes[:index]:
            yield f"{path}.volumes[{index}].name", f"volume {volume!r} is declared twice"
    known = {name for name in [*volumes, *claims] if isinstance(name, str)}
    names: list[str] = []
    for group in ("initContainers", "containers"):
        for index, container in enumerate(_list(pod.get(group))):
            if isinstance(container, Mapping):
                where = f"{path}.{group}[{index}]"
                yield from _container_problems(where, container, known, names)


def _container_problems(
    where: str, container: Mapping[str, Any], volumes: set[str], names: list[str]
) -> Iterator[tuple[str, str]]:
    name = container.get("name")
    if not (isinstance(name, str) and len(name) <= 63 and DNS_LABEL.fullmatch(name)):
        yield f"{where}.name", f"{name!r} is not a DNS-1123 label"
    elif name in names:
        yield f"{where}.name", f"a second container named {name!r}"
    names.append(str(name))
    for index, port in enumerate(_list(container.get("ports"))):
        port_name = port.get("name") if isinstance(port, Mapping) else None
        if isinstance(port_name, str) and not _port_name(port_name):
            yield f"{where}.ports[{index}].name", f"{port_name!r} is not a port name ({_PORT_RULE})"
    for index, mount in enumerate(_list(container.get("volumeMounts"))):
        if isinstance(mount, Mapping) and str(mount.get("name")) not in volumes:
            yield f"{where}.volumeMounts[{index}].name", f"no volume named {mount.get('name')!r}"
    yield from _resource_problems(f"{where}.resources", container.get("resources"))


_PORT_RULE = "15 characters at most, lower-case letters, digits and inner dashes, one letter"


def _port_name(name: str) -> bool:
    return (
        len(name) <= 15
        and _PORT_NAME.fullmatch(name) is not None
        and "--" not in name
        and any(c.isalpha() for c in name)
    )


def _resource_problems(where: str, resources: Any) -> Iterator[tuple[str, str]]:
    if not isinstance(resources, Mapping):
        return
    requests, limits = _map(resources.get("requests")), _map(resources.get("limits"))
    for resource, requested in requests.items():
        extended = "/" in resource and not resource.split("/")[0].endswith("kubernetes.io")
        limit = limits.get(resource)
        if extended and limit is None:
            yield f"{where}.limits", f"{resource} is requested: its limit must be set (equal)"
            continue
        low, high = _quantity(requested), _quantity(limit)
        if low is None or limit is None or high is None:
            continue
        if extended and low != high:
            yield f"{where}.requests[{resource!r}]", f"{resource} request must equal its limit"
        elif low > high:
            yield f"{where}.requests[{resource!r}]", f"{requested} is above the limit {limit}"


def _quantity(value: Any) -> Decimal | None:
    match = _QUANTITY.fullmatch(str(value).strip()) if value is not None else None
    if match is None:
        return None
    try:
        number = Decimal(match.group(1))
    except InvalidOperation:
        return None
    suffix = match.group(2) or ""
    if suffix[:1] in ("e", "E"):
        return number * Decimal(10) ** int(suffix[1:])
    return number * _SUFFIXES.get(suffix, Decimal(1))


def _selector_problems(spec: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    selector = _map(_map(spec.get("selector")).get("matchLabels"))
    labels = _map(_map(_map(spec.get("template")).get("metadata")).get("labels"))
    for key, value in selector.items():
        if labels.get(key) != value:
            yield "spec.selector", f"selector {key}={value} does not match the template's labels"
    yield from _map_problems("spec.template.metadata.labels", labels, values=True)


def _service_problems(spec: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    ports = [port for port in _list(spec.get("ports")) if isinstance(port, Mapping)]
    seen: set[str] = set()
    for index, port in enumerate(ports):
        name = port.get("name")
        if len(ports) > 1 and not name:
            yield f"spec.ports[{index}].name", "a name is required when a Service has several ports"
        elif isinstance(name, str) and name and not (len(name) <= 63 and DNS_LABEL.fullmatch(name)):
            yield f"spec.ports[{index}].name", f"{name!r} is not a DNS-1123 label"
        elif isinstance(name, str) and name in seen:
            yield f"spec.ports[{index}].name", f"a second port named {name!r}"
        seen.add(str(name))
        target = port.get("targetPort")
        if isinstance(target, str) and not _port_name(target):
            yield f"spec.ports[{index}].targetPort", f"{target!r} is not a port name ({_PORT_RULE})"


def _rule(rule: re.Pattern[str], limit: int) -> str:
    shape = {
        DNS_LABEL.pattern: "a DNS-1123 label",
        DNS_1035_LABEL.pattern: "a DNS-1035 label: a letter first",
        DNS_SUBDOMAIN.pattern: "a DNS-1123 subdomain",
    }[rule.pattern]
    return f"{shape}: lower-case letters, digits, dashes, {limit} characters at most"


def _map(value: Any) -> Mapping[str, Any]:
    """The value when it is a mapping, else an empty one: a misshapen field is the schema's
    finding, and these rules look past it."""
    return value if isinstance(value, Mapping) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
