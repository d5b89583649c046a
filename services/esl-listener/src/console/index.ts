export { CONSOLE_CSP, consoleRoutes } from './console-routes.ts';
