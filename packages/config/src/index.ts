export { ConfigError, VARIABLES, describeVariables, readConfig } from './config.ts';
export type { SapienConfig } from './config.ts';
