"""RFC 3339 timestamps as ASL reads them (Wait.Timestamp, Timestamp* Choice operators)."""

from __future__ import annotations

import re
from datetime import datetime, timezone

_RFC3339 = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$"
)


def parse_timestamp(text: str) -> datetime | None:
    """An aware datetime, or None when ``text`` is not an RFC 3339 date-time with an offset."""
    m = _RFC3339.match(text)
    if not m:
        return None
    frac = m.group(7) or ""
    micro = int((frac[1:] + "000000")[:6]) if frac else 0
    zone = m.group(8)
    try:
        base = datetime(
            int(m.group(1)),
            int(m.group(2)),
            int(m.group(3)),
            int(m.group(4)),
            int(m.group(5)),
            int(m.group(6)),
            micro,
            tzinfo=timezone.utc,
        )
        if zone not in ("Z", "z"):
            sign = 1 if zone[0] == "+" else -1
            hours, minutes = int(zone[1:3]), int(zone[4:6])
            # Imported here: only timestamps with a zone offset need it.
            from datetime import timedelta

            base = base - sign * timedelta(hours=hours, minutes=minutes)
    except ValueError:
        return None
    return base
