import { connect } from 'node:net';

export type RawExchange = { received: string; closedByPeer: boolean };

/**
 * Writes `bytes` to a TCP port as an attacker's process would (no Nest client) and reports what came back.
 * `until: 'close'` waits for the peer to close the connection; `'data'` ends it after the first answer.
 */
export function rawTcpExchange(port: number, bytes: string, until: 'close' | 'data' = 'close'): Promise<RawExchange> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    let ended = false;
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      received += chunk;
      if (until === 'data') {
        ended = true;
        socket.end();
      }
    });
    // A refused frame may close the socket while we still write: the reset is the refusal, not a test failure.
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'ECONNRESET' && err.code !== 'EPIPE') reject(err);
    });
    socket.on('close', () => resolve({ received, closedByPeer: !ended }));
    socket.on('connect', () => socket.write(bytes));
  });
}

/** Nest's TCP framing of one JSON payload: `<length>#<payload>`. */
export function nestFrame(payload: string): string {
  return `${payload.length}#${payload}`;
}
