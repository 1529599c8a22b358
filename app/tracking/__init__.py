"""Tracking: providers (Kuaidi100, KDNiao, sandbox), status normalisation, poll planning.

Import the provider modules directly (``app.tracking.kuaidi100`` …); this package only
re-exports the plain data types every caller needs.
"""

from app.tracking.model import (
    TrackError,
    TrackEvent,
    TrackingProvider,
    TrackOutcome,
    TrackQuery,
    TrackResult,
    dedup_key,
)
from app.tracking.statuses import STATUSES, classify, is_final, normalise

__all__ = [
    "STATUSES",
    "TrackError",
    "TrackEvent",
    "TrackOutcome",
    "TrackQuery",
    "TrackResult",
    "TrackingProvider",
    "classify",
    "dedup_key",
    "is_final",
    "normalise",
]
