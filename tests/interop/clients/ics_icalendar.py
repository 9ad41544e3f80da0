"""python `icalendar` (>= 7): parse errors collected per component
(`component.errors`), TZIDs without VTIMEZONE (`get_missing_tzids()`), and
each event's start/end converted to UTC twice: with the zone icalendar picks
(zoneinfo, from the TZID name) and with the file's own VTIMEZONE
(`VTIMEZONE.to_tz()`), reported as start_vtz/end_vtz."""

import sys
from importlib.metadata import version

import icalendar

from common import check_text, main, read_text, utc_iso


def read_file(path):
    errors, events = [], []
    text, err = read_text(path)
    if err:
        return {"errors": [err], "events": []}
    cal = icalendar.Calendar.from_ical(text)
    for comp in cal.walk():
        for e in comp.errors:
            errors.append(f"{comp.name}: {e}")
    missing = cal.get_missing_tzids()
    if missing:
        errors.append(f"get_missing_tzids(): {sorted(missing)} used without a VTIMEZONE")
    own = {}
    for vtz in cal.walk("VTIMEZONE"):
        own[str(vtz["TZID"])] = vtz.to_tz(lookup_tzid=False)
    for ev in cal.walk("VEVENT"):
        rec = {
            "uid": str(ev.get("UID")) if ev.get("UID") is not None else None,
            "url": str(ev.get("URL")) if ev.get("URL") is not None else None,
            "summary": str(ev.get("SUMMARY")) if ev.get("SUMMARY") is not None else None,
            "description": str(ev.get("DESCRIPTION")) if ev.get("DESCRIPTION") is not None else None,
        }
        for key in ("summary", "description"):
            check_text(key.upper(), rec[key], errors)
        for name, key in (("DTSTART", "start"), ("DTEND", "end")):
            prop = ev.get(name)
            if prop is None:
                errors.append(f"{rec['uid']}: no {name}")
                continue
            value = ev.decoded(name)
            rec[key], err = utc_iso(value)
            if err:
                errors.append(f"{rec['uid']} {name}: {err}")
            tzid = prop.params.get("TZID")
            if tzid is not None and tzid in own and hasattr(value, "hour"):
                rec[key + "_vtz"], _ = utc_iso(value.replace(tzinfo=own[tzid]))
        events.append(rec)
    return {"errors": errors, "events": events}


if __name__ == "__main__":
    main("icalendar", lambda: version("icalendar"), read_file)
