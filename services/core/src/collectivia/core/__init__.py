"""What every CollectivIA service shares: settings, events, auth, telemetry, errors, test fixtures.

No domain code lives here.
"""
