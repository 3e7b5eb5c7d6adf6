import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EXAMPLES } from '../../demo/flows/examples';
import { TIMER_TABLE } from '../../demo/flows/demo-flow';
import { projectRoot } from '../../lib/project-root';

/** The README says what the code does: its tables and pictures follow the code. */
describe('README', () => {
  const root = projectRoot();
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');

  it('keeps the two commands', () => {
    expect(readme).to.include('## The two commands');
    expect(readme).to.include('```sh\nnpm install && npm start\n```');
    expect(readme).to.include('```sh\nnpm test\n```');
  });

  it("shows the demo's timers against the nodes' current defaults", () => {
    expect(readme).to.include(TIMER_TABLE);
  });

  it('embeds the screenshots, which exist', () => {
    for (const png of ['docs/demo-flow.png', 'docs/demo-dashboard.png']) {
      expect(readme).to.include(`](${png})`);
      expect(fs.statSync(path.join(root, png)).size).to.be.greaterThan(20_000);
    }
  });

  it('lists every example', () => {
    for (const example of EXAMPLES) expect(readme).to.include(example.file.replace(' - ', ' – '));
  });
});
