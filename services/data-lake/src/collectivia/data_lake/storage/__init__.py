"""The lake's storage area: where its catalog and warehouse are (settings), opened with the
shared lakehouse library (``collectivia.lakehouse``), and the maintenance commands."""
