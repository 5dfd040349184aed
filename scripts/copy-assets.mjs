// Copies the files tsc does not emit (the probe's and the simulation's shell
// scripts) into dist, next to the modules that read them.
import { cpSync, mkdirSync } from 'node:fs';

const assets = [
  ['lib/probe/probe.sh', 'dist/lib/probe/probe.sh'],
  ['lib/probe/simulate.sh', 'dist/lib/probe/simulate.sh'],
];

for (const [from, to] of assets) {
  mkdirSync(to.slice(0, to.lastIndexOf('/')), { recursive: true });
  cpSync(from, to);
}
