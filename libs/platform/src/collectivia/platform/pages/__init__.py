"""What the services' French pages share (the agents' intranet, the data stewards' page):
the frame (skip link, landmarks, the menu and its shortcuts, no inline script or style), the
strict Content Security Policy and headers, the screens' sections, the accessibility
statement's skeleton, the static assets' routes, and the assets themselves (``static/``:
Keycloak sign-in with PKCE, DOM helpers, the API client, the screens' switcher, the
stylesheet), which each service serves under ``/static/shared/``.
"""
