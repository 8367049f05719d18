"""Publication of the register: open-data exports and the public web pages."""
