// Types of stack.mjs for TypeScript callers (the fault-injection suite in gateway/test/faults, the gateway's e2e suite).

export type StackServiceName = 'ingestion' | 'alerting' | 'relay' | 'gateway';

export type StackService = {
  dir: string;
  log: string;
  pid: number | null;
  /** This service's own variables (e.g. its METRICS_PORT), applied over `StackState.env`. */
  env?: Record<string, string>;
};

export type StackState = {
  file: string;
  database: { name: string; server: string };
  baseUrl: string;
  /** The gateway's operator key (ADMIN_API_KEY) for this run: clients send `Authorization: Bearer <adminKey>`. */
  adminKey: string;
  /**
   * The environment every service of this run gets: DATABASE_URL of the fresh database, REDIS_URL, ports, queue
   * names, and the gateway's authentication (ANONYMOUS_LOOPBACK=false, ADMIN_API_KEY, SESSION_SECRET, rate limits).
   */
  env: Record<string, string>;
  services: Partial<Record<StackServiceName, StackService>>;
};

export const root: string;
export function freePort(): Promise<number>;
export function spawnService(state: StackState, name: StackServiceName): number | undefined;
export function stopService(state: StackState, name: StackServiceName, signal?: NodeJS.Signals): void;
export function loadState(file: string): StackState;
export function waitReady(baseUrl: string, timeoutMs?: number): Promise<void>;
export type StartStackOptions = {
  label: string;
  /** Applied over the stack's defaults (authentication and rate limits included). */
  extraEnv?: Record<string, string>;
  /** The operator key to use; default `extraEnv.ADMIN_API_KEY`, else a random one (43 characters) per start. */
  adminKey?: string;
};

export function startStack(options: StartStackOptions): Promise<StackState>;
/** Stops every service (SIGTERM, then SIGKILL) and drops the database; reads the state file, so restarts count. */
export function stopStack(stateOrFile: StackState | string): Promise<void>;
