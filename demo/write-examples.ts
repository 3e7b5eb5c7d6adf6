import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectRoot } from '../lib/project-root';
import { EXAMPLES, exampleFileText } from './flows/examples';

/**
 * Writes examples/*.json from demo/flows/examples.ts (`node dist/demo/write-examples.js`).
 * The examples are generated so the EM chain is written once; the examples test fails when
 * a committed file differs from what this writes.
 */
export function writeExamples(dir = path.join(projectRoot(), 'examples')): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const written = EXAMPLES.map((example) => {
    const file = path.join(dir, `${example.file}.json`);
    fs.writeFileSync(file, exampleFileText(example));
    return file;
  });
  const expected = new Set(written.map((f) => path.basename(f)));
  for (const name of fs.readdirSync(dir)) {
    if (name.endsWith('.json') && !expected.has(name)) fs.rmSync(path.join(dir, name));
  }
  return written;
}

if (require.main === module) {
  for (const file of writeExamples()) console.log(`wrote ${path.relative(process.cwd(), file)}`);
}
