"""libical (C; Evolution, KDE and many servers) through its GObject binding,
under Debian's /usr/bin/python3 (gir1.2-ical-3.0 + python3-gi). Fails on any
X-LIC-ERROR libical inserts for what it could not parse. Times are converted
with the file's own VTIMEZONE (the calendar's get_timezone(TZID)); libical
would otherwise fall back to its built-in zones for a TZID the file does not
define, which is reported."""

import subprocess

import gi

gi.require_version("ICalGLib", "3.0")
from gi.repository import ICalGLib as I  # noqa: E402

from common import check_text, main, read_text  # noqa: E402


def libical_version():
    try:
        out = subprocess.run(
            ["dpkg-query", "-W", "-f=${Version}", "libical3"], capture_output=True, text=True, check=False
        )
        if out.returncode == 0 and out.stdout:
            return out.stdout
    except OSError:
        pass
    return "ICalGLib 3.0"


def x_lic_errors(comp, out):
    p = comp.get_first_property(I.PropertyKind.XLICERROR_PROPERTY)
    while p is not None:
        out.append(f"{I.Component.kind_to_string(comp.isa())}: X-LIC-ERROR {p.get_value_as_string()}")
        p = comp.get_next_property(I.PropertyKind.XLICERROR_PROPERTY)
    child = comp.get_first_component(I.ComponentKind.ANY_COMPONENT)
    while child is not None:
        x_lic_errors(child, out)
        child = comp.get_next_component(I.ComponentKind.ANY_COMPONENT)


def when(root, ev, kind, label, uid, errors):
    prop = ev.get_first_property(kind)
    if prop is None:
        errors.append(f"{uid}: no {label}")
        return None
    t = ev.get_dtstart() if label == "DTSTART" else ev.get_dtend()
    if t.is_null_time():
        errors.append(f"{uid} {label}: libical read no time")
        return None
    if t.is_date():
        return "%04d-%02d-%02d" % (t.get_year(), t.get_month(), t.get_day())
    param = prop.get_first_parameter(I.ParameterKind.TZID_PARAMETER)
    if param is not None:
        tzid = param.get_tzid()
        zone = root.get_timezone(tzid)
        if zone is None:
            errors.append(f"{uid} {label}: TZID={tzid} has no VTIMEZONE in the file (libical fell back to a built-in zone)")
            zone = t.get_timezone()
            if zone is None:
                return None
    elif t.is_utc():
        zone = I.Timezone.get_utc_timezone()
    else:
        errors.append(f"{uid} {label}: floating time {t.as_ical_string()} (no TZID, no Z)")
        return "floating:" + t.as_ical_string()
    secs = t.as_timet_with_zone(zone)
    u = I.Time.new_from_timet_with_zone(secs, False, I.Timezone.get_utc_timezone())
    return "%04d-%02d-%02dT%02d:%02d:%02dZ" % (
        u.get_year(), u.get_month(), u.get_day(), u.get_hour(), u.get_minute(), u.get_second())


def read_file(path):
    errors, events = [], []
    text, err = read_text(path)
    if err:
        return {"errors": [err], "events": []}
    root = I.Component.new_from_string(text)
    if root is None:
        return {"errors": ["libical could not parse the file"], "events": []}
    x_lic_errors(root, errors)
    ev = root.get_first_component(I.ComponentKind.VEVENT_COMPONENT)
    while ev is not None:
        uid = ev.get_uid()
        url = ev.get_first_property(I.PropertyKind.URL_PROPERTY)
        rec = {
            "uid": uid,
            "url": url.get_value_as_string() if url is not None else None,
            "summary": ev.get_summary(),
            "description": ev.get_description(),
            "start": when(root, ev, I.PropertyKind.DTSTART_PROPERTY, "DTSTART", uid, errors),
            "end": when(root, ev, I.PropertyKind.DTEND_PROPERTY, "DTEND", uid, errors),
        }
        for key in ("summary", "description"):
            check_text(key.upper(), rec[key], errors)
        events.append(rec)
        ev = root.get_next_component(I.ComponentKind.VEVENT_COMPONENT)
    return {"errors": errors, "events": events}


if __name__ == "__main__":
    main("libical", libical_version, read_file)
