import { mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort, reservePort } from './free-port';

describe('freePort', () => {
  it('never gives one port twice, whichever process asks (the reservation is a file in a shared folder)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ports-'));
    const ports = await Promise.all(Array.from({ length: 200 }, () => freePort(dir)));
    expect(new Set(ports).size).toBe(200);
    for (const port of ports) expect(reservePort(dir, port)).toBe(false);
  });

  it('takes over a reservation left by a run that ended long ago, and only an old one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ports-'));
    writeFileSync(join(dir, '21000'), '');
    expect(reservePort(dir, 21000)).toBe(false);
    const old = new Date(Date.now() - 60 * 60_000);
    utimesSync(join(dir, '21000'), old, old);
    expect(reservePort(dir, 21000)).toBe(true);
    expect(reservePort(dir, 21000)).toBe(false);
  });
});
