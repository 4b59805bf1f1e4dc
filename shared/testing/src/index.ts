export * from './test-servers';
export * from './log-capture';
export * from './free-port';
export * from './raw-tcp';
