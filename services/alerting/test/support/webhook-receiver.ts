import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Receipt = { deliveryId: string; event: string; body: string; signatureValid: boolean; answered: number };

/**
 * A webhook receiver on loopback that verifies signatures the way the README tells receivers to (its own
 * HMAC code, not the service's). `answer` decides the status of each request; `stop`/`start` take the
 * port away and bring it back, as a receiver that is down.
 */
export class WebhookReceiver {
  readonly receipts: Receipt[] = [];
  answer: (receipt: Omit<Receipt, 'answered'>) => number = () => 204;
  secret = '';
  private server: Server | null = null;
  private constructor(public port: number) {}

  static async start(): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver(0);
    await receiver.listen();
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks/emissions`;
  }

  /** Successful (2xx) receipts of one delivery id: a receiver that deduplicates acts on the first only. */
  acceptedOf(deliveryId: string): Receipt[] {
    return this.receipts.filter((r) => r.deliveryId === deliveryId && r.answered < 300);
  }

  async listen(): Promise<void> {
    const server = createServer((req, res) => {
      void this.handle(req).then((status) => res.writeHead(status).end());
    });
    await new Promise<void>((done) => server.listen(this.port, '127.0.0.1', done));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((done) => server.close(() => done()));
  }

  private async handle(req: IncomingMessage): Promise<number> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const receipt = {
      deliveryId: String(req.headers['emissions-delivery']),
      event: String(req.headers['emissions-event']),
      body,
      signatureValid: this.verify(String(req.headers['emissions-signature'] ?? ''), body),
    };
    const answered = this.answer(receipt);
    this.receipts.push({ ...receipt, answered });
    return answered;
  }

  private verify(header: string, body: string): boolean {
    const fields = Object.fromEntries(header.split(',').map((part) => part.split('=')));
    const t = Number(fields.t);
    if (!Number.isInteger(t) || Math.abs(Date.now() / 1000 - t) > 300 || !/^[0-9a-f]{64}$/.test(fields.v1 ?? '')) return false;
    const expected = createHmac('sha256', this.secret).update(`${t}.${body}`).digest();
    return timingSafeEqual(expected, Buffer.from(fields.v1, 'hex'));
  }
}
