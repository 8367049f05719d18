"""The officials' analytics' test support: the service in this process on a lakehouse in a
temporary folder."""
