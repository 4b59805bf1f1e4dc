import { ClientTCP, ServerTCP } from '@nestjs/microservices';
import { type SealedSocketOptions, sealedJsonSocket } from './sealed-json-socket';

export type ServiceAuthOptions = Omit<SealedSocketOptions, 'role' | 'refuseReplays'>;
export type Endpoint = { host: string; port: number };

/**
 * Nest's TCP microservice server that accepts only messages signed with the deployment's secret (requests are
 * opened, time-checked and replay-checked before any handler runs) and signs every response.
 */
export class AuthenticatedTcpServer extends ServerTCP {
  constructor(endpoint: Endpoint, auth: ServiceAuthOptions) {
    super({ ...endpoint, socketClass: sealedJsonSocket({ ...auth, role: 'server', refuseReplays: true }) });
  }
}

/** Nest's TCP client that signs every request and accepts only responses signed with the same secret. */
export class AuthenticatedTcpClient extends ClientTCP {
  constructor(endpoint: Endpoint, auth: ServiceAuthOptions) {
    super({ ...endpoint, socketClass: sealedJsonSocket({ ...auth, role: 'client' }) });
  }
}
