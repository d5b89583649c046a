const started = performance.now();

/** A progress line on stderr (stdout carries the report), stamped with seconds since start. */
export const progress = (message: string): void => {
  const seconds = ((performance.now() - started) / 1000).toFixed(1).padStart(6);
  process.stderr.write(`[bench ${seconds}s] ${message}\n`);
};
