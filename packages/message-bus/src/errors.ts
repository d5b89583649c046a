import { SapienError } from '@sapien/kernel';

/** The error base of the message bus packages. */
export class MessageBusError extends SapienError {
  override readonly name: string = 'MessageBusError';
}

/** The bus was closed before the operation could finish; nothing after this is published. */
export class MessageBusClosedError extends MessageBusError {
  override readonly name = 'MessageBusClosedError';

  constructor(operation: string) {
    super('message-bus-closed', `the message bus is closed (${operation})`, 503, { operation });
  }
}

/** A subject that the bus cannot carry: empty tokens, or wildcards where a literal subject is needed. */
export class InvalidSubjectError extends MessageBusError {
  override readonly name = 'InvalidSubjectError';

  constructor(subject: string, reason: string) {
    super('invalid-subject', `invalid subject "${subject}": ${reason}`, 500, { subject, reason });
  }
}

/** A message whose payload does not follow its published contract. */
export class MalformedMessageError extends MessageBusError {
  override readonly name = 'MalformedMessageError';

  constructor(reason: string, options?: ErrorOptions) {
    super('malformed-message', `malformed message: ${reason}`, 500, { reason }, options);
  }
}
