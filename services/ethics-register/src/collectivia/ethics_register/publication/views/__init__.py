"""HTTP routes of the publication: open-data exports and public pages; translation only."""
