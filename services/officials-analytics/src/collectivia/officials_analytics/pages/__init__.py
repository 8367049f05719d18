"""The officials' page: the elected officials' French dashboard (Keycloak sign-in), the charts
drawn by matplotlib (SVG, with their data tables and summaries) and the council's printable
report (PDF)."""
