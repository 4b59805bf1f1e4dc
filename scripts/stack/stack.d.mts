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
  /** Set when the stack runs under scripts/supervisor (as `npm start` runs it). */
  supervisor?: { pid: number; log: string; status: string; metricsUrl: string };
};

/** What a stack's supervisor last wrote (`supervisor.json`). */
export type SupervisorStatus = {
  pid: number | null;
  services: Partial<Record<StackServiceName, { pid: number | null; restarts: number; up: boolean }>>;
  /** Set once the supervisor has stopped: 0 after SIGINT/SIGTERM, 1 after a crash loop. */
  exitCode?: number;
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
  /** Run the services under scripts/supervisor, as `npm start` does (restarts, crash-loop stop); default false. */
  supervised?: boolean;
  /** SUPERVISOR_* variables for a supervised stack (its metrics port is a free one unless set). */
  supervisorEnv?: Record<string, string>;
  /** Wait until the gateway answers /health/ready (default true). */
  ready?: boolean;
};

export function supervisorStatus(state: StackState): SupervisorStatus;
export function startStack(options: StartStackOptions): Promise<StackState>;
/** Stops every service (SIGTERM, then SIGKILL) and drops the database; reads the state file, so restarts count. */
export function stopStack(stateOrFile: StackState | string): Promise<void>;
