"""python `recurring-ical-events` (on icalendar): the occurrences it expands,
start/end in UTC. TZIDs without VTIMEZONE are reported (it would silently use
zoneinfo), as are floating times."""

from importlib.metadata import version

import icalendar
import recurring_ical_events

from common import check_text, main, read_text, utc_iso


def read_file(path):
    errors, events = [], []
    text, err = read_text(path)
    if err:
        return {"errors": [err], "events": []}
    cal = icalendar.Calendar.from_ical(text)
    missing = cal.get_missing_tzids()
    if missing:
        errors.append(f"get_missing_tzids(): {sorted(missing)} used without a VTIMEZONE")
    # recurring-ical-events converts floating times to X-WR-TIMEZONE (via
    # x-wr-timezone) before expanding, so they look zoned below; clients that
    # ignore X-WR-TIMEZONE do not. Check the calendar as written.
    for ev in cal.walk("VEVENT"):
        for name in ("DTSTART", "DTEND"):
            if ev.get(name) is not None:
                _, err = utc_iso(ev.decoded(name))
                if err and err.startswith("floating"):
                    errors.append(f"{ev.get('UID')} {name}: {err} (recurring-ical-events reads it in X-WR-TIMEZONE)")
    for occ in recurring_ical_events.of(cal).all():
        if occ.name != "VEVENT":
            continue
        rec = {
            "uid": str(occ.get("UID")) if occ.get("UID") is not None else None,
            "url": str(occ.get("URL")) if occ.get("URL") is not None else None,
            "summary": str(occ.get("SUMMARY")) if occ.get("SUMMARY") is not None else None,
            "description": str(occ.get("DESCRIPTION")) if occ.get("DESCRIPTION") is not None else None,
        }
        for key in ("summary", "description"):
            check_text(key.upper(), rec[key], errors)
        for name, key in (("DTSTART", "start"), ("DTEND", "end")):
            prop = occ.get(name)
            rec[key], err = utc_iso(prop.dt if prop is not None else None)
            if err:
                errors.append(f"{rec['uid']} {name}: {err}")
        events.append(rec)
    return {"errors": errors, "events": events}


if __name__ == "__main__":
    main("recurring-ical-events", lambda: version("recurring-ical-events"), read_file)
