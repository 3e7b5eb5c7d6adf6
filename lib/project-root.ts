import * as fs from 'node:fs';
import * as path from 'node:path';

const PACKAGE_NAME = '@lektrico-em/node-red-lektrico-em';

/**
 * The package's root folder, found by walking up from the compiled file to our package.json,
 * so it is right whatever folder the TypeScript was compiled into.
 */
export function projectRoot(from: string = __dirname): string {
  let dir = path.resolve(from);
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg)) {
      try {
        if ((JSON.parse(fs.readFileSync(pkg, 'utf8')) as { name?: string }).name === PACKAGE_NAME) return dir;
      } catch {
        // not our package.json; keep walking
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find ${PACKAGE_NAME}'s package.json above ${from}`);
    dir = parent;
  }
}

/** ../shared beside the repository (reference material, fixtures, data), or LEKTRICO_EM_SHARED_DIR. */
export function sharedDir(): string {
  return process.env.LEKTRICO_EM_SHARED_DIR ?? path.resolve(projectRoot(), '..', 'shared');
}
