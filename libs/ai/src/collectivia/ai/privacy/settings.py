"""The privacy guard's settings, one shared prefix for every service: one export sets them all."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class PrivacySettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="COLLECTIVIA_PRIVACY_", extra="ignore")

    # The collectivity's own public contacts, left unmasked: its postal address, its
    # switchboard, its generic e-mails (a JSON list: ["1 place de l'Hôtel de Ville, 69000
    # Exempleville", "04 72 00 12 34", "contact@ville-exemple.fr"]).
    public_contacts: tuple[str, ...] = Field((), max_length=200)
    # People's names by spaCy's French model as well as by the rules; false: rules only
    # (measured in tests/bench/bench_privacy.py: the rules miss names of many origins).
    person_model: bool = True
