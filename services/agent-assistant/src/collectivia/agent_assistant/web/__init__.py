"""The agents' intranet page: accessible French HTML, sign-in through Keycloak (PKCE) in
plain JavaScript, static assets served by the service."""
