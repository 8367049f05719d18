"""What every event payload needs: protobuf timestamps from aware datetimes."""

from __future__ import annotations

from datetime import datetime

from google.protobuf.timestamp_pb2 import Timestamp


def timestamp(at: datetime) -> Timestamp:
    """``at`` (aware) as a protobuf ``Timestamp``."""
    stamp = Timestamp()
    stamp.FromDatetime(at)
    return stamp
