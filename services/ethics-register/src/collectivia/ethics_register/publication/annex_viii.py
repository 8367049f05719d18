"""AI Act Annex VIII, section C: what a public-authority deployer registers (Art. 49(3)).

One object per published entry with the five items: (1) the deployer's name, address and
contact; (2) who submits the information (the accountable role and the register's contact);
(3) the URL of the provider's entry in the EU database; (4) a summary of the fundamental-rights
impact assessment (Art. 27); (5) a summary of the data-protection impact assessment, where one
applies. ``registration_required`` is true for high-risk systems, the only ones Art. 49(3)
obliges a deployer to register; the others are published for transparency.
"""

from __future__ import annotations

from typing import Any

from collectivia.ethics_register.publication.ats import fria_summary
from collectivia.ethics_register.systems.record import RiskClass
from collectivia.ethics_register.systems.schemas import SystemRead

REGULATION = "Regulation (EU) 2024/1689, Annex VIII, Section C"


def annex_viii_c_record(system: SystemRead) -> dict[str, Any]:
    organisation, contact = system.organisation, system.contact
    return {
        "system_id": system.id,
        "system_name": system.name,
        "risk_class": system.risk_class.value,
        "registration_required": system.risk_class is RiskClass.HIGH,
        "deployer": {  # C.1
            "name": organisation.name if organisation else None,
            "address": organisation.address if organisation else None,
            "contact": _contact(contact.email, contact.phone) if contact else None,
        },
        "submitted_by": {  # C.2
            "name": (contact.name if contact else None) or system.owner,
            "contact": contact.email if contact else None,
        },
        "eu_database_provider_entry_url": str(system.eu_database_url)  # C.3
        if system.eu_database_url
        else None,
        "fria_summary": fria_summary(system.fria) if system.fria else None,  # C.4
        "dpia_summary": system.dpia.summary if system.dpia else None,  # C.5
    }


def annex_viii_c_document(systems: list[SystemRead]) -> dict[str, Any]:
    return {
        "regulation": REGULATION,
        "deployers_entries": [annex_viii_c_record(system) for system in systems],
    }


def _contact(email: str, phone: str | None) -> str:
    return f"{email}, {phone}" if phone else email
