export type LogRecord = Record<string, unknown> & { msg?: string; level?: number };

/** A pino destination (anything with `write`) that keeps every JSON line, to assert on what a service logged. */
export class LogCapture {
  readonly raw: string[] = [];

  write(chunk: string): void {
    for (const line of chunk.split('\n')) if (line) this.raw.push(line);
  }

  records(): LogRecord[] {
    return this.raw.map((line) => JSON.parse(line) as LogRecord);
  }

  /** The lines mentioning a request id anywhere, as `grep <id>` over the log would find them. */
  grep(text: string): LogRecord[] {
    return this.raw.filter((line) => line.includes(text)).map((line) => JSON.parse(line) as LogRecord);
  }
}
