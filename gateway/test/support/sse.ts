import { bearer } from './http';

/** A minimal Server-Sent Events reader for tests: fetch + the text/event-stream framing. */
export type SseEvent = { event?: string; id?: string; data?: string };

/**
 * Opens the SSE stream and collects parsed events until `count` arrived (or the timeout). `onEvent` sees each
 * event as it arrives: a test waits on it (e.g. for the snapshot marker, which follows the subscription).
 */
export async function readEvents(
  url: string,
  count: number,
  headers: Record<string, string> = {},
  timeoutMs = 5000,
  onEvent: (event: SseEvent) => void = () => undefined,
) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const res = await fetch(url, { headers: { ...bearer(), ...headers }, signal: controller.signal });
  const events: SseEvent[] = [];
  const opened = { status: res.status, type: res.headers.get('content-type') };
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    while (events.length < count) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let cut = buffer.indexOf('\n\n');
      while (cut >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const e: SseEvent = {};
        for (const line of block.split('\n')) {
          const [k, ...rest] = line.split(': ');
          if (k === 'event' || k === 'id' || k === 'data') e[k] = rest.join(': ');
        }
        if (e.event) {
          events.push(e);
          onEvent(e);
        }
        cut = buffer.indexOf('\n\n');
      }
    }
  } catch {
    // aborted by the timeout: return what arrived
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return { ...opened, events };
}
