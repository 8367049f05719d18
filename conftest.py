"""The fixtures every test may use, loaded explicitly (nothing auto-loads from an installed
package): real Kafka and Keycloak, demo tokens, captured spans, browsers, the model server,
and the services other services' tests talk to, started through their entry points."""

pytest_plugins = ["collectivia.testkit.plugin"]
