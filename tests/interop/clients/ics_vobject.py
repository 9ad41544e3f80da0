"""python `vobject`: `readOne(..., validate=True)`; times through the file's
VTIMEZONE (vobject builds a tzinfo from it). vobject silently falls back to
pytz for a TZID the file does not define, so that is checked here and
reported; the zone registry is cleared per file so files cannot lend each
other VTIMEZONEs."""

from importlib.metadata import version

import vobject
import vobject.icalendar

from common import check_text, main, read_text, utc_iso


def value_of(ev, name):
    line = getattr(ev, name, None)
    return line.value if line is not None else None


def read_file(path):
    errors, events = [], []
    text, err = read_text(path)
    if err:
        return {"errors": [err], "events": []}
    getattr(vobject.icalendar, "__tzidMap").clear()
    cal = vobject.readOne(text, validate=True)
    defined = {tz.tzid.value for tz in cal.contents.get("vtimezone", [])}
    for ev in cal.contents.get("vevent", []):
        rec = {
            "uid": value_of(ev, "uid"),
            "url": value_of(ev, "url"),
            "summary": value_of(ev, "summary"),
            "description": value_of(ev, "description"),
        }
        for key in ("summary", "description"):
            check_text(key.upper(), rec[key], errors)
        for name, key in (("dtstart", "start"), ("dtend", "end")):
            line = getattr(ev, name, None)
            if line is None:
                errors.append(f"{rec['uid']}: no {name.upper()}")
                continue
            # vobject moves TZID to X-VOBJ-ORIGINAL-TZID when it attaches a tzinfo.
            tzid = (line.params.get("TZID") or line.params.get("X-VOBJ-ORIGINAL-TZID") or [None])[0]
            if tzid is not None and tzid not in defined:
                errors.append(f"{rec['uid']} {name.upper()}: TZID={tzid} has no VTIMEZONE in the file (vobject fell back to pytz)")
            rec[key], err = utc_iso(line.value)
            if err:
                errors.append(f"{rec['uid']} {name.upper()}: {err}")
        events.append(rec)
    return {"errors": errors, "events": events}


if __name__ == "__main__":
    main("vobject", lambda: version("vobject"), read_file)
