export * from './test-servers';
export * from './log-capture';
export * from './free-port';
export * from './raw-tcp';
export * from './child-process';
export * from './throwaway-redis';
export * from './wait-for';
export * from './events/outbox-events';
