import { Logger, type Type } from '@nestjs/common';
import { JsonSocket, type TcpSocket } from '@nestjs/microservices';
import type { Socket } from 'node:net';
import { type MessageDirection, MessageSeal, type SealOptions } from './message-seal';

/** Default cap of one request frame, in characters (Nest counts frame lengths in string characters). */
export const DEFAULT_MAX_FRAME_CHARS = 2 * 1024 * 1024;
/** Default cap of one answer: a page of 500 sites with 8 KiB of metadata each is about 4 MiB. */
export const DEFAULT_MAX_ANSWER_FRAME_CHARS = 16 * 1024 * 1024;
/** A peer that stops mid-frame loses its connection after this long. */
const INCOMPLETE_FRAME_TIMEOUT_MS = 30_000;
/** Server side: a connection must prove itself (one valid message) within this long, or it is closed. */
export const DEFAULT_FIRST_MESSAGE_WITHIN_MS = 10_000;

export type SealedSocketOptions = SealOptions & {
  /** What this end sends: a client sends requests (and opens responses), a server the other way round. */
  role: 'client' | 'server';
  maxFrameChars?: number;
  /** Server side: how long a new connection may stay without a valid message (idle unauthenticated sockets). */
  firstMessageWithinMs?: number;
};

class RefusedFrame extends Error {}

/**
 * Nest's JSON framing (`<length>#<payload>`) whose payloads are sealed messages (message-seal.ts): every frame
 * sent is signed, every frame received is opened before Nest parses it, and a frame that is unsigned, forged,
 * stale, replayed or longer than the cap closes the connection before any handler sees it.
 */
export function sealedJsonSocket(options: SealedSocketOptions): Type<TcpSocket> {
  const seal = new MessageSeal(options);
  const maxFrameChars = options.maxFrameChars ?? (options.role === 'server' ? DEFAULT_MAX_FRAME_CHARS : DEFAULT_MAX_ANSWER_FRAME_CHARS);
  const sends: MessageDirection = options.role === 'client' ? 'request' : 'response';
  const receives: MessageDirection = options.role === 'client' ? 'response' : 'request';
  const logger = new Logger('ServiceAuth');

  const firstMessageWithinMs = options.firstMessageWithinMs ?? DEFAULT_FIRST_MESSAGE_WITHIN_MS;

  return class SealedJsonSocket extends JsonSocket {
    private unproven: NodeJS.Timeout | undefined;

    constructor(socket: Socket) {
      super(socket, { maxBufferSize: maxFrameChars, incompleteMessageTimeout: INCOMPLETE_FRAME_TIMEOUT_MS });
      if (options.role === 'server') {
        // The gateway writes as soon as it connects; a socket that only holds a connection open is not the gateway.
        this.unproven = setTimeout(() => this.handleDataError(new RefusedFrame('no valid message in time')), firstMessageWithinMs);
        this.unproven.unref();
        socket.once('close', () => clearTimeout(this.unproven));
      }
      // JsonSocket declares its framing private; replacing it on the instance keeps Nest's write path (backpressure).
      (this as unknown as { formatMessageData: (message: unknown) => string }).formatMessageData = (message) => {
        const sealed = seal.seal(sends, JSON.stringify(message));
        return `${sealed.length}#${sealed}`;
      };
    }

    protected override handleData(data: Buffer | string): void {
      super.handleData(data);
      // Nest only bounds what it has buffered; a header announcing more than the cap ends the connection at once.
      const announced = (this as unknown as { contentLength: number | null }).contentLength;
      if (announced !== null && announced > maxFrameChars)
        throw new RefusedFrame(`frame of ${announced} characters exceeds ${maxFrameChars}`);
    }

    protected override emitMessage(frame: string): void {
      const opened = seal.open(receives, frame);
      if (!opened.ok) throw new RefusedFrame(opened.reason);
      clearTimeout(this.unproven);
      super.emitMessage(opened.json);
    }

    /** Any framing or authentication failure: one warning, and the peer is dropped without waiting for its FIN. */
    protected override handleDataError(error: unknown): void {
      const net = this.netSocket;
      const peer = `${net.remoteAddress ?? '?'}:${net.remotePort ?? '?'}`;
      const reason = error instanceof Error ? error.message : String(error);
      logger.warn(`${options.role === 'server' ? 'refused a message from' : 'dropped the connection to'} ${peer}: ${reason}`);
      net.destroy();
    }
  };
}
