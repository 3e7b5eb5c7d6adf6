import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectRoot, sharedDir } from '../../lib/project-root';

/**
 * The project's reference material lives beside the repository in ../shared (CI always has it).
 * Conformance tests read it in place and report themselves skipped when it is absent;
 * nothing from it is ever copied into the repository.
 */
export const PROJECT_ROOT = projectRoot();
export const SHARED_DIR = sharedDir();

export function sharedPath(...parts: string[]): string | undefined {
  const p = path.join(SHARED_DIR, ...parts);
  return fs.existsSync(p) ? p : undefined;
}

/** `describe` when ../shared/<parts> exists, `describe.skip` (reported as pending) otherwise. */
export function describeWithShared(title: string, parts: string[], body: (dir: string) => void): void {
  const dir = sharedPath(...parts);
  if (dir) {
    describe(title, () => body(dir));
  } else {
    describe.skip(`${title} (skipped: ${path.join(SHARED_DIR, ...parts)} not found)`, () => {
      it('needs the shared reference material', () => undefined);
    });
  }
}

/** Every *.json file under dir, recursively, as paths relative to dir (sorted). */
export function listJsonFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = path.join(rel, entry.name);
      if (entry.isDirectory()) walk(child);
      else if (entry.name.endsWith('.json')) out.push(child);
    }
  };
  walk('');
  return out.sort();
}

export function readJson(file: string): unknown {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}
