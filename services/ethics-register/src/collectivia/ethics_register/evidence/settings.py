"""The evidence area's settings section (prefix ``COLLECTIVIA_ETHICS_REGISTER_``)."""

from __future__ import annotations

from pydantic import Field

from collectivia.ethics_register.settings import RegisterSection


class EvidenceSettings(RegisterSection):
    # Evidence of AI use is kept this many days: at least six months (AI Act Art. 26(6)).
    evidence_retention_days: int = Field(183, ge=183, le=36_500)
