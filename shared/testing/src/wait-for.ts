/** Polls `probe` every 100 ms until it gives a value, or fails naming what it waited for after `timeoutMs`. */
export async function waitFor<T>(probe: () => Promise<T | undefined | false>, label: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
