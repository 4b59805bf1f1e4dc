// @ts-check
// How `npm start` shows a service's pino line in development: time, level, context and message on one line, the
// fields a developer greps for (request_id, site_id …) after it as key=value, and an error's stack below it. The
// services keep writing JSON (the production format, and what tests and log shippers read); only this terminal
// view changes. A line that is not pino JSON passes unchanged.

/** @type {Record<number, string>} */
const LEVELS = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

/** Shown in the head of the line (or dropped), never again among the fields. */
const HEAD_FIELDS = new Set(['level', 'time', 'msg', 'context', 'service', 'pid', 'hostname', 'req', 'res', 'err', 'responseTime']);

/** ANSI colours by level, for a terminal: warnings yellow, errors red, debug and trace dim. */
const COLOURS = { 10: '\x1b[2m', 20: '\x1b[2m', 40: '\x1b[33m', 50: '\x1b[31m', 60: '\x1b[31m' };

/**
 * @param {string} line one line a service wrote
 * @param {{ colour?: boolean }} [options]
 * @returns {string} the line as a person reads it (possibly several lines, for a stack)
 */
export function readableLogLine(line, { colour = false } = {}) {
  const entry = parsePinoLine(line);
  if (!entry) return line;
  const level = typeof entry.level === 'number' ? entry.level : 30;
  const head = [clock(entry.time), (LEVELS[level] ?? String(level)).padEnd(5)];
  const access = accessSummary(entry);
  const what = [entry.context ? `${entry.context}:` : '', access ?? entry.msg ?? ''].filter(Boolean).join(' ');
  const fields = Object.entries(entry)
    .filter(([key, value]) => !HEAD_FIELDS.has(key) && value !== undefined)
    .map(([key, value]) => `${key}=${fieldValue(value)}`);
  const err = entry.err && typeof entry.err === 'object' ? entry.err : undefined;
  if (err && !access && err.message && !String(what).includes(err.message)) fields.push(`err=${fieldValue(err.message)}`);
  let text = [...head, what, ...fields].join(' ');
  if (err?.stack && level >= 50) text += `\n${indent(String(err.stack))}`;
  const paint = colour ? COLOURS[/** @type {keyof typeof COLOURS} */ (level)] : undefined;
  return paint ? `${paint}${text}\x1b[0m` : text;
}

/** @param {string} line @returns {Record<string, any> | undefined} */
function parsePinoLine(line) {
  if (!line.startsWith('{')) return undefined;
  try {
    const entry = JSON.parse(line);
    return entry && typeof entry === 'object' && typeof entry.level === 'number' && 'time' in entry ? entry : undefined;
  } catch {
    return undefined;
  }
}

/** pino-http's access line as `GET /path → 200 in 12 ms`; undefined for other lines. */
function accessSummary(/** @type {Record<string, any>} */ entry) {
  if (!entry.req || !entry.res || typeof entry.res.statusCode !== 'number') return undefined;
  const took = typeof entry.responseTime === 'number' ? ` in ${entry.responseTime} ms` : '';
  return `${entry.req.method} ${entry.req.url} → ${entry.res.statusCode}${took}`;
}

/** Local wall-clock time with milliseconds: what a developer compares with what they just did. */
function clock(/** @type {unknown} */ time) {
  const at = new Date(typeof time === 'number' || typeof time === 'string' ? time : Date.now());
  const pad = (/** @type {number} */ n, width = 2) => String(n).padStart(width, '0');
  return `${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}.${pad(at.getMilliseconds(), 3)}`;
}

function fieldValue(/** @type {unknown} */ value) {
  if (typeof value === 'string') return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  return JSON.stringify(value);
}

function indent(/** @type {string} */ text) {
  return text
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}
