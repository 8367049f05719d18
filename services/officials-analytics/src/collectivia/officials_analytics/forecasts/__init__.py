"""Forecasts that declare themselves: monthly series of the territory (demand on the citizen
service, water consumption, handovers) forecast six months ahead with their intervals and
their measured error, only while the ethics register allows the forecasting entry, each run
recorded as an AI use (``ai.used``) and each forecast marked as an algorithm's."""
