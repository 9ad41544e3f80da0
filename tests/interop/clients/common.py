"""Shared by the Python client adapters (standard library only: the libical
adapter runs under Debian's /usr/bin/python3, outside the venv).

Protocol: an adapter is run as `adapter.py FILE...` (or `--probe`) and prints
one JSON object on stdout:

    {"client": NAME, "version": VERSION,
     "files": [{"path": FILE, "errors": [...], "events": [...]}]}

An event is {"uid", "url", "summary", "description", "start", "end"} as the
client read them: start/end are "YYYY-MM-DDTHH:MM:SSZ" (converted to UTC by
the client) or "YYYY-MM-DD" (all-day). Everything a real user would suffer
from (parse errors, floating times, TZIDs the file does not define,
replacement characters) goes into "errors". The Rust test compares the rest
with what feedcal says.
"""

import datetime as dt
import json
import sys

REPLACEMENT = "\ufffd"


def read_text(path):
    """The file decoded as UTF-8 before parsing, as a calendar app decodes a
    download: strictly, so that a fold which splits a UTF-8 sequence (bytes
    CR LF SPACE inside a character) is an error here rather than `��` later."""
    with open(path, "rb") as f:
        data = f.read()
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as e:
        return None, (
            f"not UTF-8 before unfolding ({e}); a fold that splits a character "
            "shows as \ufffd\ufffd in clients that decode first"
        )


def utc_iso(value):
    """(text, error): a date as YYYY-MM-DD, an aware datetime in UTC as
    YYYY-MM-DDTHH:MM:SSZ; a naive datetime is floating: an error."""
    if value is None:
        return None, "missing"
    if isinstance(value, dt.datetime):
        if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
            return "floating:" + value.isoformat(), (
                f"floating time {value.isoformat()} (no zone: Google reads it as UTC, "
                "Thunderbird as the viewer's zone)"
            )
        return value.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"), None
    if isinstance(value, dt.date):
        return value.isoformat(), None
    return None, f"not a date or date-time: {value!r}"


def check_text(name, value, errors):
    if value is not None and REPLACEMENT in value:
        errors.append(f"{name} contains U+FFFD (broken UTF-8): {value!r}")


def emit(client, version, files):
    json.dump({"client": client, "version": version, "files": files}, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")


def main(client, version_fn, read_file):
    """Runs `read_file(path) -> dict` over argv; `--probe` prints the version only."""
    args = sys.argv[1:]
    version = version_fn()
    if args == ["--probe"]:
        emit(client, version, [])
        return
    files = []
    for path in args:
        try:
            result = read_file(path)
        except Exception as e:  # a client crashing on a file is a failure on that file
            result = {"errors": [f"{type(e).__name__}: {e}"], "events": []}
        result["path"] = path
        files.append(result)
    emit(client, version, files)
