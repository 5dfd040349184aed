// Records the example facts in examples/ from the Debian 11 test host, so
// they are what the probe really reports and never written by hand.
//
// Usage (as root, after `npm run build`): node scripts/record-examples.mjs
// Boots the plain test host and the template-override variant in turn and
// runs `pmgup probe --simulate` against each over SSH, which writes
// examples/<name>.facts.json with the upgrade simulation in it.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { bootHost } from '../dist/tests/testhost/host.js';

const EXAMPLES = [
  { file: 'pmg7-plain.facts.json', options: {} },
  { file: 'pmg7-template-override.facts.json', options: { variants: ['template-override'] } },
];

const pmgup = fileURLToPath(new URL('../bin/pmgup.js', import.meta.url));

for (const example of EXAMPLES) {
  const host = await bootHost(example.options);
  try {
    const path = fileURLToPath(new URL(`../examples/${example.file}`, import.meta.url));
    const probe = spawnSync(
      process.execPath,
      [
        pmgup,
        'probe',
        '--host',
        `${host.user}@${host.host}:${host.port}`,
        '--identity-file',
        host.identityFile,
        '--known-hosts',
        host.knownHostsFile,
        '--simulate',
        '--out',
        path,
      ],
      { stdio: 'inherit' },
    );
    if (probe.status !== 0) {
      throw new Error(`pmgup probe exited with status ${probe.status} on ${example.file}`);
    }
    process.stdout.write(`wrote ${path}\n`);
  } finally {
    await host.down();
  }
}
