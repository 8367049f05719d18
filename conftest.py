"""The fixtures every test may use, loaded explicitly (nothing auto-loads from an installed
package): real Kafka and Keycloak, demo tokens, captured spans, browsers, the model server."""

pytest_plugins = [
    "collectivia.testkit.plugin",
    "collectivia.agent_assistant.testing",
]
