import cliProgress from 'cli-progress';
import type { RebuildProgress } from './rebuild.ts';

/**
 * A progress bar for `sapien projections rebuild <name>` (cli-progress, on stderr): pass it as
 * `onProgress`. It starts on the first report and stops when the swap is done.
 */
export const cliProgressReporter = (
  options: Readonly<{ stream?: NodeJS.WritableStream; label?: string }> = {},
): ((progress: RebuildProgress) => void) => {
  const bar = new cliProgress.SingleBar(
    {
      format: `${options.label ?? 'rebuild'} [{bar}] {percentage}% | {value}/{total} | {phase}`,
      hideCursor: true,
      ...(options.stream === undefined ? {} : { stream: options.stream }),
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return (progress) => {
    const total = Math.max(progress.total, progress.done, 1);
    if (!started) {
      bar.start(total, progress.done, { phase: progress.phase });
      started = true;
    }
    bar.setTotal(total);
    bar.update(progress.done, { phase: progress.phase });
    if (progress.phase === 'swapped') bar.stop();
  };
};
