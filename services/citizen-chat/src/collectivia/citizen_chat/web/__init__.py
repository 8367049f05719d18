"""The citizen web page: accessible French HTML, static assets and the installable app."""
