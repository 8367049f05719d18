"""The platform every CollectivIA service stands on: settings, errors and their HTTP and gRPC
mapping, events (CloudEvents over Kafka), identity (Keycloak tokens), telemetry, database
plumbing, and the assembly of a service from its areas.

No domain code lives here, and nothing here imports a service.
"""
