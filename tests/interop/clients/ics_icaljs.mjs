// ical.js — Thunderbird's iCalendar parser — from tests/interop/node_modules.
//
// Reads each file as a browser or Thunderbird does: decoded as UTF-8
// leniently (invalid bytes become U+FFFD, which is reported), parsed, the
// file's VTIMEZONEs registered with ICAL.TimezoneService (reset per file),
// and every start/end converted to UTC. A date-time whose zone ical.js cannot
// resolve is floating — what Thunderbird shows at the viewer's local time —
// and is reported. Output: the JSON protocol of common.py.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ICAL from 'ical.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const pkg = JSON.parse(fs.readFileSync(path.join(here, '..', 'node_modules', 'ical.js', 'package.json'), 'utf8'));

function isoUtc(t) {
  return new Date(t.toUnixTime() * 1000).toISOString().replace('.000Z', 'Z');
}

function when(t, label, uid, errors) {
  if (!t) {
    errors.push(`${uid}: no ${label}`);
    return null;
  }
  if (t.isDate) {
    return t.toString(); // YYYY-MM-DD
  }
  const zone = t.zone;
  if (!zone || zone === ICAL.Timezone.localTimezone || zone.tzid === 'floating') {
    errors.push(`${uid} ${label}: floating time ${t.toString()}${t.timezone ? ` (TZID=${t.timezone} not resolved)` : ''}: Thunderbird shows it in the viewer's zone`);
    return 'floating:' + t.toString();
  }
  return isoUtc(t);
}

function readFile(file) {
  const errors = [];
  const events = [];
  const text = fs.readFileSync(file, 'utf8');
  if (text.includes('\uFFFD')) {
    errors.push('U+FFFD after decoding the file as UTF-8: a character is broken (e.g. a fold split it)');
  }
  ICAL.TimezoneService.reset();
  const root = new ICAL.Component(ICAL.parse(text));
  for (const vtz of root.getAllSubcomponents('vtimezone')) {
    ICAL.TimezoneService.register(vtz);
  }
  for (const ve of root.getAllSubcomponents('vevent')) {
    const ev = new ICAL.Event(ve);
    const uid = ev.uid;
    const rec = {
      uid,
      url: ve.getFirstPropertyValue('url'),
      summary: ev.summary,
      description: ev.description,
    };
    rec.start = when(ev.startDate, 'DTSTART', uid, errors);
    rec.end = when(ev.endDate, 'DTEND', uid, errors);
    for (const key of ['summary', 'description']) {
      if (typeof rec[key] === 'string' && rec[key].includes('\uFFFD')) {
        errors.push(`${uid} ${key.toUpperCase()} contains U+FFFD`);
      }
    }
    events.push(rec);
  }
  return { errors, events };
}

const args = process.argv.slice(2);
const files = [];
if (!(args.length === 1 && args[0] === '--probe')) {
  for (const file of args) {
    let result;
    try {
      result = readFile(file);
    } catch (e) {
      result = { errors: [`${e.name}: ${e.message}`], events: [] };
    }
    result.path = file;
    files.push(result);
  }
}
process.stdout.write(JSON.stringify({ client: 'ical.js', version: pkg.version, files }) + '\n');
