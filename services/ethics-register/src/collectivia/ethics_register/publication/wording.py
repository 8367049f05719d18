"""The register's wording of a system against how it actually runs (the evidence of its uses).

The smallest honest rule, said on the entry's page beside the declared type:

- uses written by a generative model while the entry does not declare generative AI: a
  warning, the entry must be corrected and reviewed again (AI Act Art. 50: people must know
  they read a machine's text);
- an entry declared generative whose every use says its mode, none generative: the page says
  what produced them instead (a model configured later, or never, is not « IA générative »
  today);
- otherwise nothing: uses that do not say their mode prove nothing either way.

The models and methods the uses report are listed in any case.
"""

from __future__ import annotations

from collectivia.ethics_register import messages
from collectivia.ethics_register.evidence.models_in_use import ModelInUse
from collectivia.ethics_register.publication.labels import ALGORITHM
from collectivia.ethics_register.systems.record import AlgorithmType

# The notices name at most this many models (the list on the page names them all).
NAMED_MODELS = 3


def running_notice(declared: AlgorithmType | None, models: list[ModelInUse]) -> str | None:
    """The notice when what the evidence shows contradicts what the entry declares."""
    total = sum(model.uses for model in models)
    if total == 0:
        return None
    label = ALGORITHM[declared] if declared else messages.ALGORITHM_NOT_DECLARED
    generative = [model for model in models if model.generative]
    if generative and declared is not AlgorithmType.GENERATIVE:
        return messages.RUNNING_UNDECLARED_GENERATIVE.format(
            declared=label,
            generative=sum(model.generative for model in generative),
            total=messages.recorded_uses(total),
            models=_names(generative),
        )
    said = all(model.mode_unknown == 0 for model in models)
    if declared is AlgorithmType.GENERATIVE and not generative and said:
        text = messages.RUNNING_NO_GENERATIVE_ONCE if total == 1 else messages.RUNNING_NO_GENERATIVE
        return text.format(
            declared=label, total=messages.recorded_uses(total), models=_names(models)
        )
    return None


def model_name(model: ModelInUse) -> str:
    return model.model or messages.PAGE_MODEL_UNNAMED


def _names(models: list[ModelInUse]) -> str:
    names = [f"« {model_name(model)} »" for model in models[:NAMED_MODELS]]
    more = len(models) - NAMED_MODELS
    return ", ".join(names) + (f" et {more} autre{'s' if more > 1 else ''}" if more > 0 else "")
