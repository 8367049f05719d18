"""Process entry point: ``collectivia-agent-assistant`` runs the server."""

from __future__ import annotations

from collectivia.agent_assistant.app import create_app
from collectivia.agent_assistant.settings import AssistantSettings
from collectivia.platform.entrypoint import run_service


def main(argv: list[str] | None = None) -> None:
    run_service("collectivia-agent-assistant", AssistantSettings, create_app, {}, argv)


if __name__ == "__main__":
    main()
