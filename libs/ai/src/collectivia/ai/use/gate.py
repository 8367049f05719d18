"""The runtime gate, caller side: may this service use an AI system for a purpose, now?

A service asks the ethics register (``RegisterService.CheckUse``) before each use of a model;
answers are cached per (system, purpose) for the ``cache_ttl_seconds`` the register gave, and
dropped at once when the system's status changes (the caller's Kafka consumer hands each
``SystemStatusChanged`` to :meth:`RegisterGate.on_status_changed`). The event also says
whether that version is approved for special categories of personal data (GDPR Art. 9): an
answer about the same version never grants more than the announcement, so that every caller
agrees with what the register announced, whichever replica answered.

Fail-closed: when the register cannot be asked and no valid answer is cached, the use is
denied. A denial is an answer, not an exception: callers check ``decision.allowed``.
Only grpc and the generated contracts here: the channel (traced, carrying the service's
token) comes from ``collectivia.platform.grpc_client.open_channel``.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace

import grpc

from collectivia.ai.use.decisions import DenialReason, GateDecision
from collectivia.events.v1.register_pb2 import SystemStatusChanged
from collectivia.register.v1 import register_pb2, register_pb2_grpc

logger = logging.getLogger(__name__)

DEFAULT_DEADLINE_SECONDS = 2.0
DEFAULT_MAX_ENTRIES = 10_000


_REASONS = {
    register_pb2.DENIAL_REASON_NOT_APPROVED: DenialReason.NOT_APPROVED,
    register_pb2.DENIAL_REASON_PURPOSE_MISMATCH: DenialReason.PURPOSE_MISMATCH,
    register_pb2.DENIAL_REASON_PROHIBITED_PRACTICE: DenialReason.PROHIBITED_PRACTICE,
}


@dataclass(frozen=True)
class _Cached:
    decision: GateDecision
    expires_at: float


def _denied(reason: DenialReason, message: str) -> GateDecision:
    return GateDecision(False, reason, message, 0)


def _from_response(response: register_pb2.CheckUseResponse) -> GateDecision:
    if response.decision == register_pb2.DECISION_ALLOWED:
        return GateDecision(
            True,
            None,
            response.message,
            response.system_version,
            special_categories_approved=response.special_categories_approved,
        )
    # DENIED, or a decision this client does not know: never allow by default.
    reason = _REASONS.get(response.reason, DenialReason.NOT_APPROVED)
    return GateDecision(False, reason, response.message, response.system_version)


class RegisterGate:
    """Asks the register whether a use is allowed, caching answers for their TTL.

    Thread-safe. ``clock`` (monotonic seconds) is injectable for tests.
    """

    def __init__(
        self,
        channel: grpc.Channel,
        *,
        deadline_seconds: float = DEFAULT_DEADLINE_SECONDS,
        max_entries: int = DEFAULT_MAX_ENTRIES,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._stub = register_pb2_grpc.RegisterServiceStub(channel)
        self._deadline = deadline_seconds
        self._max_entries = max_entries
        self._clock = clock
        self._lock = threading.Lock()
        self._cache: OrderedDict[tuple[str, str], _Cached] = OrderedDict()
        # Bumped by each invalidation: an answer asked before it is not cached after it.
        self._generations: dict[str, int] = {}
        # Highest entry version announced by events: older answers are never cached.
        self._known_versions: dict[str, int] = {}
        # The special-categories approval announced with a version (events that carry it).
        self._announced_special: dict[str, tuple[int, bool]] = {}

    def check_use(self, system_id: str, purpose: str) -> GateDecision:
        key = (system_id, purpose)
        with self._lock:
            cached = self._cache.get(key)
            if cached is not None and self._clock() < cached.expires_at:
                return cached.decision
            generation = self._generations.get(system_id, 0)
        if not system_id or not purpose:
            return _denied(DenialReason.INVALID_REQUEST, "system_id and purpose are required")
        asked_at = self._clock()
        decision, ttl = self._ask(system_id, purpose)
        decision = self._as_announced(system_id, decision)
        if ttl > 0:
            self._store(key, decision, asked_at + ttl, generation)
        return decision

    def invalidate(self, system_id: str) -> None:
        """Forget every cached answer about ``system_id``: the next use asks the register."""
        with self._lock:
            self._generations[system_id] = self._generations.get(system_id, 0) + 1
            for key in [key for key in self._cache if key[0] == system_id]:
                del self._cache[key]

    def on_status_changed(self, payload: SystemStatusChanged) -> None:
        """Handler for ``fr.collectivia.register.system-status-changed.v1`` events."""
        with self._lock:
            known = self._known_versions.get(payload.system_id, 0)
            self._known_versions[payload.system_id] = max(known, payload.version)
            if payload.HasField("special_categories_approved") and payload.version >= known:
                self._announced_special[payload.system_id] = (
                    payload.version,
                    payload.special_categories_approved,
                )
        self.invalidate(payload.system_id)
        logger.info(
            "system %s is now %s (version %d, special categories %s): cached answers dropped",
            payload.system_id,
            payload.status,
            payload.version,
            "approved" if payload.special_categories_approved else "not approved",
        )

    def _as_announced(self, system_id: str, decision: GateDecision) -> GateDecision:
        """``decision``, its special-categories approval withdrawn when the event of the same
        version announced none (a replica that answered from an incomplete directory)."""
        with self._lock:
            announced = self._announced_special.get(system_id)
        if (
            decision.special_categories_approved
            and announced is not None
            and announced == (decision.system_version, False)
        ):
            logger.warning(
                "system %s version %d: special categories not approved by announcement",
                system_id,
                decision.system_version,
            )
            return replace(decision, special_categories_approved=False)
        return decision

    def cached_entries(self) -> int:
        with self._lock:
            return len(self._cache)

    def _ask(self, system_id: str, purpose: str) -> tuple[GateDecision, int]:
        """The register's decision and how long it may be cached (0: not at all)."""
        request = register_pb2.CheckUseRequest(system_id=system_id, purpose=purpose)
        try:
            response = self._stub.CheckUse(request, timeout=self._deadline)
        except grpc.RpcError as error:
            return self._denied_on_error(system_id, error), 0
        except Exception:  # fail-closed edge: e.g. no service token could be obtained
            logger.warning("CheckUse of system %s failed, use denied", system_id, exc_info=True)
            return _denied(DenialReason.REGISTER_UNREACHABLE, "register unreachable"), 0
        return _from_response(response), max(response.cache_ttl_seconds, 0)

    def _denied_on_error(self, system_id: str, error: grpc.RpcError) -> GateDecision:
        code = error.code() if isinstance(error, grpc.Call) else None
        details = error.details() if isinstance(error, grpc.Call) else str(error)
        if code is grpc.StatusCode.NOT_FOUND:
            return _denied(DenialReason.NOT_REGISTERED, f"not registered: {details}")
        if code is grpc.StatusCode.INVALID_ARGUMENT:
            return _denied(DenialReason.INVALID_REQUEST, f"invalid request: {details}")
        logger.warning(
            "CheckUse of system %s failed (%s: %s), use denied", system_id, code, details
        )
        name = code.name if code is not None else "error"
        return _denied(
            DenialReason.REGISTER_UNREACHABLE, f"register unreachable ({name}: {details})"
        )

    def _store(
        self, key: tuple[str, str], decision: GateDecision, expires_at: float, generation: int
    ) -> None:
        system_id = key[0]
        with self._lock:
            if self._generations.get(system_id, 0) != generation:
                return  # invalidated while the register was being asked
            if decision.system_version < self._known_versions.get(system_id, 0):
                return  # a replica that has not yet seen the latest change
            self._cache[key] = _Cached(decision, expires_at)
            self._cache.move_to_end(key)
            while len(self._cache) > self._max_entries:
                self._cache.popitem(last=False)
