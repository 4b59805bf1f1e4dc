export * from './test-servers';
export * from './log-capture';
