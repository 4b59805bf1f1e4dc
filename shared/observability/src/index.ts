export * from './logger-params';
export * from './metrics-endpoint.server';
