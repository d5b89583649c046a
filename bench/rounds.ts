import { median } from './stats.ts';

export type RoundOptions = Readonly<{ rounds: number; warmups: number }>;

/** One measured value of a case and of its baseline, each from its own rounds. */
export type Paired = Readonly<{ result: number; baseline: number; results: number[]; baselines: number[] }>;

/**
 * Runs warm-up rounds (not recorded), then measured rounds of the case and its baseline. The order
 * alternates between rounds, so a drift (a growing table, a WAL checkpoint) does not favour either.
 */
export const measurePaired = async (
  options: RoundOptions,
  subject: (round: number) => Promise<number>,
  baseline: (round: number) => Promise<number>,
): Promise<Paired> => {
  const results: number[] = [];
  const baselines: number[] = [];
  for (let round = 0; round < options.warmups + options.rounds; round++) {
    const record = round >= options.warmups;
    const first = round % 2 === 0 ? baseline : subject;
    const second = round % 2 === 0 ? subject : baseline;
    const a = await first(round);
    const b = await second(round);
    if (!record) continue;
    results.push(round % 2 === 0 ? b : a);
    baselines.push(round % 2 === 0 ? a : b);
  }
  return { result: median(results), baseline: median(baselines), results, baselines };
};
