import { describe, expect, it } from 'vitest';
import { readableLogLine } from './readable-log-line.mjs';

const at = new Date(2026, 11, 2, 9, 5, 7, 42).getTime(); // local time, as the view shows it

describe('readableLogLine', () => {
  it('shows time, level, context and message, then the other fields as key=value', () => {
    const line = JSON.stringify({
      level: 30,
      time: at,
      service: 'alerting',
      context: 'BatchIngestedProcessor',
      request_id: 'trace-42',
      site_id: 'a1',
      alert_raised: false,
      other_alerts: ['near_limit'],
      msg: 'event processed',
    });
    expect(readableLogLine(line)).toBe(
      '09:05:07.042 INFO  BatchIngestedProcessor: event processed request_id=trace-42 site_id=a1 alert_raised=false other_alerts=["near_limit"]',
    );
  });

  it("shows pino-http's access line as method, path, status and time, keeping the request id", () => {
    const line = JSON.stringify({
      level: 40,
      time: at,
      service: 'gateway',
      req: { id: 'r1', method: 'POST', url: '/api/v1/ingest', headers: { authorization: '[redacted]' } },
      res: { statusCode: 422 },
      responseTime: 12,
      request_id: 'r1',
      msg: 'request completed',
    });
    expect(readableLogLine(line)).toBe('09:05:07.042 WARN  POST /api/v1/ingest → 422 in 12 ms request_id=r1');
  });

  it("names an error's message, and shows its stack below an error-level line", () => {
    const err = {
      type: 'Error',
      message: 'connect ECONNREFUSED 127.0.0.1:4002',
      stack: 'Error: connect ECONNREFUSED\n    at a (b.js:1:1)',
    };
    const warn = readableLogLine(JSON.stringify({ level: 40, time: at, context: 'AlertingClient', err, msg: 'alerting call failed' }));
    expect(warn).toBe('09:05:07.042 WARN  AlertingClient: alerting call failed err="connect ECONNREFUSED 127.0.0.1:4002"');
    const error = readableLogLine(JSON.stringify({ level: 50, time: at, err, msg: 'boom' }));
    expect(error.split('\n')).toEqual([
      '09:05:07.042 ERROR boom err="connect ECONNREFUSED 127.0.0.1:4002"',
      '    Error: connect ECONNREFUSED',
      '        at a (b.js:1:1)',
    ]);
  });

  it('colours warnings and errors for a terminal only when asked', () => {
    const line = JSON.stringify({ level: 40, time: at, msg: 'careful' });
    expect(readableLogLine(line, { colour: true })).toBe('\x1b[33m09:05:07.042 WARN  careful\x1b[0m');
    expect(readableLogLine(JSON.stringify({ level: 30, time: at, msg: 'fine' }), { colour: true })).toBe('09:05:07.042 INFO  fine');
  });

  it('passes lines that are not pino JSON unchanged', () => {
    for (const line of ['» migrating ingestion', '{"not": "pino"}', '{broken', 'Error: at start-up']) {
      expect(readableLogLine(line)).toBe(line);
    }
  });
});
