/**
 * Settles as `promise` does, or rejects with the signal's reason once it aborts. Its abort listener
 * is removed as soon as `promise` settles, so nothing outlives the call: racing against one
 * long-lived promise instead would keep every result it was raced with.
 */
export const abortable = <T>(promise: Promise<T>, signal: AbortSignal): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
