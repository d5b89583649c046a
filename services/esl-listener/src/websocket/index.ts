export { EslWebSocketServer, type EslWebSocketMetrics, type EslWebSocketServerOptions } from './esl-websocket-server.ts';
export { CLOSE_TRY_AGAIN_LATER } from './client-connection.ts';
export { BEARER_PROTOCOL_PREFIX } from './bearer-token.ts';
export { WebSocketMessageError, type WebSocketErrorCode, type WireError } from './errors.ts';
export { parseCommandMessage } from './parse-command.ts';
export { COMMAND_NAMES } from './messages.ts';
export type { Command, CommandId, CommandMessage, CommandName, ServerMessage } from './messages.ts';
export type { Subscription } from './subscriptions.ts';
