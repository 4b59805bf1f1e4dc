import { createHmac, timingSafeEqual } from 'node:crypto';

/** Which way a message travels; part of the MAC, so a response can never be replayed as a request. */
export type MessageDirection = 'request' | 'response';

export type SealOptions = {
  secret: string;
  /** Oldest accepted timestamp, relative to now. */
  maxAgeMs?: number;
  /** Newest accepted timestamp (clock skew between hosts). */
  maxSkewMs?: number;
  /** Remember accepted MACs for the window and refuse a second copy (servers; a client's responses are bound by id). */
  refuseReplays?: boolean;
  now?: () => number;
};

export type Opened = { ok: true; json: string } | { ok: false; reason: string };

export const DEFAULT_MAX_AGE_MS = 30_000;
export const DEFAULT_MAX_SKEW_MS = 5_000;
const VERSION = 'v1.';
const MAC_CHARS = 43; // SHA-256 in base64url, unpadded

/**
 * The authenticated form of one framed message: `v1.<unix ms>.<mac>.<json>`, where mac = HMAC-SHA256(secret,
 * direction \n timestamp \n json) over the exact JSON Nest would have sent (pattern, id and data included).
 */
export class MessageSeal {
  private readonly key: Buffer;
  private readonly maxAgeMs: number;
  private readonly maxSkewMs: number;
  private readonly now: () => number;
  private readonly replays: ReplayMemory | null;

  constructor(options: SealOptions) {
    this.key = Buffer.from(options.secret, 'utf8');
    this.maxAgeMs = options.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
    this.maxSkewMs = options.maxSkewMs ?? DEFAULT_MAX_SKEW_MS;
    this.now = options.now ?? Date.now;
    this.replays = options.refuseReplays ? new ReplayMemory(this.maxAgeMs + this.maxSkewMs, this.now) : null;
  }

  seal(direction: MessageDirection, json: string): string {
    const ts = String(this.now());
    return `${VERSION}${ts}.${this.mac(direction, ts, json).toString('base64url')}.${json}`;
  }

  open(direction: MessageDirection, frame: string): Opened {
    if (!frame.startsWith(VERSION)) return { ok: false, reason: 'unsigned message' };
    const tsEnd = frame.indexOf('.', VERSION.length);
    const ts = tsEnd > 0 ? frame.slice(VERSION.length, tsEnd) : '';
    const macEnd = tsEnd + 1 + MAC_CHARS;
    if (!/^\d{1,15}$/.test(ts) || frame.charCodeAt(macEnd) !== 0x2e) return { ok: false, reason: 'malformed signature' };
    const given = Buffer.from(frame.slice(tsEnd + 1, macEnd), 'base64url');
    const json = frame.slice(macEnd + 1);
    const expected = this.mac(direction, ts, json);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad signature' };
    const age = this.now() - Number(ts);
    if (age > this.maxAgeMs || age < -this.maxSkewMs) return { ok: false, reason: `timestamp outside the window (${age} ms old)` };
    // Remembered as the MAC's own bytes re-encoded: a slice of the frame would keep the whole frame (and the socket
    // buffer it was cut from) alive for the window, and the 2 spare bits of its last character would let a copy
    // with another spelling of the same MAC through.
    if (this.replays && !this.replays.remember(given.toString('base64url'))) return { ok: false, reason: 'replayed message' };
    return { ok: true, json };
  }

  private mac(direction: MessageDirection, ts: string, json: string): Buffer {
    return createHmac('sha256', this.key).update(`${direction}\n${ts}\n`).update(json).digest();
  }
}

/**
 * MACs seen in the last window, in two generations swapped every `spanMs`: a MAC is remembered at least `spanMs`
 * (the whole acceptance window), so a copy is refused until its timestamp has expired anyway.
 */
class ReplayMemory {
  private current = new Set<string>();
  private previous = new Set<string>();
  private rotatedAt: number;

  constructor(
    private readonly spanMs: number,
    private readonly now: () => number,
  ) {
    this.rotatedAt = now();
  }

  /** False when the MAC was already seen. */
  remember(mac: string): boolean {
    const now = this.now();
    if (now - this.rotatedAt >= this.spanMs) {
      // Two spans without traffic: both generations are past the window.
      this.previous = now - this.rotatedAt >= 2 * this.spanMs ? new Set() : this.current;
      this.current = new Set();
      this.rotatedAt = now;
    }
    if (this.current.has(mac) || this.previous.has(mac)) return false;
    this.current.add(mac);
    return true;
  }
}
