"""The data stewards' page: datasets and their versions, loads with their validation report,
the quarantine and the DSP contracts, in French, signed in through Keycloak."""
