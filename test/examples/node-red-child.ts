import { startNodeRed } from '../../demo/node-red-server';

/**
 * Node-RED in a process of its own for the examples test (one Node-RED per process):
 *   node node-red-child.js <userDir>
 * prints `READY <url>` when it listens, then every log entry as `LOG <json>`; stops on SIGINT.
 */
async function main(): Promise<void> {
  const userDir = process.argv[2];
  if (!userDir) throw new Error('usage: node-red-child.js <userDir>');
  const server = await startNodeRed({
    userDir,
    port: 0,
    consoleLevel: 'off',
    onLog: (entry) => console.log(`LOG ${JSON.stringify(entry)}`),
  });
  console.log(`READY ${server.url}`);
  process.once('SIGINT', () => {
    server.stop().then(
      () => console.log('STOPPED'),
      (err: unknown) => {
        console.error(`stop failed: ${(err as Error).message}`);
        process.exitCode = 1;
      },
    );
  });
}

main().catch((err: unknown) => {
  console.error((err as Error).stack ?? String(err));
  process.exitCode = 1;
});
