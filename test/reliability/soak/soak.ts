import { formatSoak, judgeSoak, runSoak } from './soak-run';

/**
 * The full soak, outside the test suite:
 *   node dist/test/reliability/soak/soak.js [--hours 24] [--speed 48] [--start 06:00]
 * Prints progress and the report; exits 1 when a criterion failed (see RELIABILITY.md).
 */
function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}

async function main(): Promise<void> {
  const simulatedHours = Number(option('hours', '24'));
  const speed = Number(option('speed', '48'));
  if (!(simulatedHours > 0) || !(speed > 0)) throw new Error('usage: soak.js [--hours <simulated hours>] [--speed <times real time>] [--start HH:MM]');
  const report = await runSoak({ simulatedHours, speed, startTime: option('start', '06:00'), log: (line) => console.log(line) });
  console.log(formatSoak(report));
  const failures = judgeSoak(report);
  for (const failure of failures) console.error(`FAILED: ${failure}`);
  console.log(failures.length === 0 ? 'soak passed' : 'soak failed');
  process.exitCode = failures.length === 0 ? 0 : 1;
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exitCode = 2;
});
