"""Property-based fuzzing of a running service's HTTP API from its own OpenAPI document
(schemathesis over Hypothesis): every operation gets valid and invalid requests, each sent
by one of the given identities (a role's token, or none), some carrying personal data.

An answer is a finding when it is a 5xx, has a status, media type or body its operation
does not declare, or, being an error, echoes the caller's token or the personal data the
request carried (an e-mail address, a phone number). Findings are collected per operation
and identity (not raised at the first one) so that one run lists them all.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from schemathesis import Case, GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Err
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

# What a person might type into any text field: an error must never send these back.
PERSONAL_DATA = ("camille.martin@exemple.fr", "06 12 34 56 78", "+33 6 98 76 54 32")
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@dataclass(frozen=True)
class FuzzBudget:
    """How much to try: ``examples`` requests per operation (valid and invalid ones), from a
    fixed ``seed`` (the same requests on every run); a ``thorough`` run also shrinks what
    fails to its simplest form (and the gRPC fuzzer sends everything as every caller)."""

    examples: int
    seed: int
    thorough: bool = False

    @classmethod
    def from_environment(cls, examples: int, fuzz_seed: int = 13) -> FuzzBudget:
        """``COLLECTIVIA_FUZZ_EXAMPLES`` and ``COLLECTIVIA_FUZZ_SEED`` override the given
        bounded defaults (``make fuzz`` runs longer); a longer run is thorough."""
        wanted = int(os.environ.get("COLLECTIVIA_FUZZ_EXAMPLES", examples))
        chosen_seed = int(os.environ.get("COLLECTIVIA_FUZZ_SEED", fuzz_seed))
        return cls(examples=wanted, seed=chosen_seed, thorough=wanted > examples)


@dataclass(frozen=True)
class Finding:
    operation: str
    problem: str

    def __str__(self) -> str:
        return f"{self.operation}\n{self.problem}"


def fuzz_http_api(
    base_url: str,
    identities: Mapping[str, str | None],
    budget: FuzzBudget,
) -> list[Finding]:
    """Fuzz every operation of the API at ``base_url`` (its ``/openapi.json``) with requests
    from ``identities`` (name -> bearer token, ``None`` for anonymous). The findings (an
    operation of which nothing valid can be generated is one), empty when none."""
    schema = schemathesis.openapi.from_url(f"{base_url}/openapi.json")
    findings: list[Finding] = []
    with requests.Session() as session:
        for result in schema.get_all_operations():
            if isinstance(result, Err):  # the document itself is wrong: a finding too
                findings.append(Finding("(document OpenAPI)", str(result.err())))
                continue
            operation = result.ok()
            problem = _fuzz_operation(operation, base_url, identities, budget, session)
            if problem is not None:
                findings.append(Finding(operation.label, problem))
    return findings


def _negatable(operation: Any) -> bool:
    """Whether invalid requests of ``operation`` exist: a body, a query, a header, or a path
    parameter with more of a shape than any text (for which every value is valid, and
    Hypothesis would spend hundreds of draws finding none)."""
    if len(operation.body) or len(operation.query) or len(operation.headers):
        return True
    return any(
        set(parameter.optimized_schema) - {"type", "title", "description"}
        or parameter.optimized_schema.get("type") != "string"
        for parameter in operation.path_parameters
    )


def _fuzz_operation(
    operation: Any,
    base_url: str,
    identities: Mapping[str, str | None],
    budget: FuzzBudget,
    session: requests.Session,
) -> str | None:
    phases = [Phase.explicit, Phase.generate] + ([Phase.shrink] if budget.thorough else [])
    cases = operation.as_strategy(generation_mode=GenerationMode.POSITIVE)
    if _negatable(operation):
        cases = cases | operation.as_strategy(generation_mode=GenerationMode.NEGATIVE)

    @settings(
        max_examples=budget.examples,
        database=None,
        deadline=None,
        phases=phases,
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
    )
    @seed(budget.seed)
    @given(
        case=cases,
        who=st.sampled_from(sorted(identities)),
        personal=st.sampled_from((None, *PERSONAL_DATA)),
    )
    def exchange(case: Case[Any], who: str, personal: str | None) -> None:
        if personal is not None:
            case.body = _carrying(case.body, personal)
            case.query = _carrying(case.query, personal)
        token = identities[who]
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = case.call(base_url=base_url, session=session, headers=headers, timeout=60)
        case.validate_response(response, checks=CHECKS, headers=headers)
        _assert_no_echo(response.status_code, response.text, token, personal, who)

    try:
        exchange()
    except (KeyboardInterrupt, SystemExit):
        raise
    # A finding to list, whatever it is (schemathesis raises groups of failures).
    except BaseException as failure:
        return f"{type(failure).__name__}: {failure}"[:3000]
    return None


def _carrying(value: Any, personal: str) -> Any:
    """``value`` (a JSON body, a query) with ``personal`` appended to its first text."""
    if isinstance(value, str):
        return f"{value} {personal}"
    if isinstance(value, dict):
        for key, item in value.items():
            changed = _carrying(item, personal)
            if changed is not item:
                return {**value, key: changed}
    if isinstance(value, list):
        for index, item in enumerate(value):
            changed = _carrying(item, personal)
            if changed is not item:
                return [*value[:index], changed, *value[index + 1 :]]
    return value


def _assert_no_echo(
    status: int, text: str, token: str | None, personal: str | None, who: str
) -> None:
    if token:
        assert token not in text, f"the answer ({status}) echoes the token of {who}"
    if status >= 400 and personal is not None:
        assert personal not in text, f"the error ({status}) echoes personal data: {text[:500]}"
