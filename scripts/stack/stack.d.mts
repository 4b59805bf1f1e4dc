// Types of stack.mjs for TypeScript callers (the fault-injection suite in gateway/test/faults).

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
  /** The environment every service of this run gets: DATABASE_URL of the fresh database, REDIS_URL, ports, queue names. */
  env: Record<string, string>;
  services: Partial<Record<StackServiceName, StackService>>;
};

export const root: string;
export function freePort(): Promise<number>;
export function spawnService(state: StackState, name: StackServiceName): number | undefined;
export function stopService(state: StackState, name: StackServiceName, signal?: NodeJS.Signals): void;
export function loadState(file: string): StackState;
export function waitReady(baseUrl: string, timeoutMs?: number): Promise<void>;
export function startStack(options: { label: string; extraEnv?: Record<string, string> }): Promise<StackState>;
/** Stops every service (SIGTERM, then SIGKILL) and drops the database; reads the state file, so restarts count. */
export function stopStack(stateOrFile: StackState | string): Promise<void>;
