export * from './authenticated-tcp';
export * from './message-seal';
export * from './sealed-json-socket';
export * from './service-auth-secret';
