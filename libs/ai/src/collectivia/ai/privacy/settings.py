"""The privacy guard's settings, one shared prefix for every service: one export sets them all."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from collectivia.ai.privacy.person_model import MODEL_NAME


class PrivacySettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="COLLECTIVIA_PRIVACY_", extra="ignore")

    # The collectivity's own public contacts, left unmasked: its postal address, its
    # switchboard, its generic e-mails (a JSON list: ["1 place de l'Hôtel de Ville, 69000
    # Exempleville", "04 72 00 12 34", "contact@ville-exemple.fr"]); its domain alone
    # ("@ville-exemple.fr") for every service's mailbox there, not its agents' own addresses.
    public_contacts: tuple[str, ...] = Field((), max_length=200)
    # People's names by spaCy's French model as well as by the rules; false: rules only
    # (measured in tests/bench/bench_privacy.py: the rules miss names of many origins).
    person_model: bool = True
    # Which pipeline finds them: the stock package, or the folder `make names-model` trains
    # from the labelled sets (names_training.py; the Makefile points here at .cache/models/).
    names_model: str = MODEL_NAME

    @field_validator("names_model")
    @classmethod
    def _names_model_exists(cls, value: str) -> str:
        if ("/" in value or value.startswith(".")) and not (Path(value) / "meta.json").is_file():
            raise ValueError(
                f"modèle de noms introuvable : {value} (lancer « make names-model », ou retirer "
                "COLLECTIVIA_PRIVACY_NAMES_MODEL pour le modèle d'origine)"
            )
        return value
