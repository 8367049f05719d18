"""Bulk reads over Apache Arrow Flight, authenticated by the Keycloak token, through the
datasets' one access rule and commune filter."""
