/** What every bench/<name>.bench.ts exports: one section of BENCHMARKS.md. */
export interface BenchSection {
  /** Heading of the section in BENCHMARKS.md. */
  title: string;
  /** Markdown body: tables, notes on method and on where we lose. */
  markdown: string;
  /** Raw figures, written to bench/results/<name>.json. */
  data: unknown;
}

export interface BenchContext {
  /** true with `npm run bench -- --quick`: shorter runs, for a smoke check. */
  quick: boolean;
  /** Absolute path of ../shared/data when it exists. */
  sharedDataDir?: string;
  log(line: string): void;
}

export type BenchModule = { run(ctx: BenchContext): Promise<BenchSection> };
