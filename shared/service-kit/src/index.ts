export * from './environment/parse-environment';
export * from './migrations/migration-command';
export * from './postgres/postgres-failure';
export * from './postgres/unit-of-work';
export * from './rpc/error-summary';
export * from './rpc/feature.error';
export * from './rpc/parse-payload';
export * from './rpc/rpc-failure.filter';
