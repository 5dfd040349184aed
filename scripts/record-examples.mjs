// Records the example facts in examples/ from the Debian 11 test host, so
// they are what the probe really reports and never written by hand.
//
// Usage (as root, after `npm run build`): node scripts/record-examples.mjs
// Boots the plain test host and the template-override variant in turn,
// probes each over SSH and writes examples/<name>.facts.json.
import { fileURLToPath } from 'node:url';

import { probeHost } from '../dist/lib/probe/index.js';
import { saveFacts } from '../dist/lib/probe/recorded.js';
import { SshTransport } from '../dist/lib/transport/ssh.js';
import { bootHost } from '../dist/tests/testhost/host.js';

const EXAMPLES = [
  { file: 'pmg7-plain.facts.json', options: {} },
  { file: 'pmg7-template-override.facts.json', options: { variants: ['template-override'] } },
];

for (const example of EXAMPLES) {
  const host = await bootHost(example.options);
  const transport = new SshTransport(`${host.user}@${host.host}:${host.port}`, {
    identityFile: host.identityFile,
    knownHostsFile: host.knownHostsFile,
  });
  try {
    const facts = await probeHost(transport);
    const path = fileURLToPath(new URL(`../examples/${example.file}`, import.meta.url));
    await saveFacts(facts, path);
    process.stdout.write(`wrote ${path}\n`);
  } finally {
    await transport.close();
    await host.down();
  }
}
