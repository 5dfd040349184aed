/**
 * Fuzzes each probe parser with seeded damage to one section of a recorded
 * run: random bytes, truncation, garbage tokens, huge values, control
 * characters, shuffled lines and odd exit statuses. A parser either returns
 * or throws a ProbeOutputError naming that section, within a bounded time.
 * Whenever a whole run still parses, its facts match the facts schema, so
 * `pmgup probe --out` can always save them.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { Ajv2020 } from 'ajv/dist/2020.js';

import { parseProbeOutput } from '../../../lib/probe/assemble.js';
import { ProbeOutputError } from '../../../lib/probe/errors.js';
import { factsSchema } from '../../../lib/probe/facts-schema.js';
import { parseAptSimulation, parseAptSources, parseListedSuites } from '../../../lib/probe/parsers/apt.js';
import { parseCertificates } from '../../../lib/probe/parsers/certificates.js';
import { parseConffiles, parseMd5Sums } from '../../../lib/probe/parsers/conffiles.js';
import { parseDisk } from '../../../lib/probe/parsers/disk.js';
import { parseDpkg } from '../../../lib/probe/parsers/dpkg.js';
import { parseClamav, parseDkms, parseLocale, parseSsh } from '../../../lib/probe/parsers/host-config.js';
import { parseMailQueue } from '../../../lib/probe/parsers/mail-queue.js';
import { parseNetwork } from '../../../lib/probe/parsers/network.js';
import { parseOs } from '../../../lib/probe/parsers/os.js';
import { parseListTimes, parsePackages } from '../../../lib/probe/parsers/packages.js';
import { parsePmg } from '../../../lib/probe/parsers/pmg.js';
import { parsePmgupState } from '../../../lib/probe/parsers/pmgup-state.js';
import { parseClusterDetails, parseClusters } from '../../../lib/probe/parsers/postgres.js';
import { parseBoot, parseIdentity, parseKernel, parseProbeMeta, parseSystem } from '../../../lib/probe/parsers/system.js';
import { parseUnits } from '../../../lib/probe/parsers/systemd.js';
import { splitSections, type Section } from '../../../lib/probe/sections.js';
import { fixture, RECORDED_NONCE } from '../probe/helpers.js';
import { Random } from './support.js';

const RUNS = ['bookworm/probe-run.txt', 'bullseye/probe-run.txt'];
/** Damaged variants per section and recorded run. */
const VARIANTS = 40;
/** Maximum time of one parser call. The recorded sections parse in well under a millisecond. */
const MAX_PARSE_MS = 2_000;

type Get = (name: string) => Section;

/** Every parser, with the sections it reads; `get` returns the damaged one for the section under test. */
const PARSERS: Record<string, (get: Get) => unknown> = {
  probe: (get) => parseProbeMeta(get('probe')),
  system: (get) => parseSystem(get('system')),
  identity: (get) => parseIdentity(get('identity')),
  os: (get) => parseOs(get('os')),
  kernel: (get) => parseKernel(get('kernel')),
  boot: (get) => parseBoot(get('boot')),
  packages: (get) => parsePackages(get('packages'), parseListTimes(get('dpkg-lists')), 'amd64'),
  'dpkg-lists': (get) => parseListTimes(get('dpkg-lists')),
  conffiles: (get) => parseConffiles(get('conffiles'), parseMd5Sums(get('conffile-md5'))),
  'conffile-md5': (get) => parseMd5Sums(get('conffile-md5')),
  'dpkg-state': (get) => parseDpkg(get('dpkg-state'), get('dpkg-audit')),
  'dpkg-audit': (get) => parseDpkg(get('dpkg-state'), get('dpkg-audit')),
  'apt-sources': (get) => parseAptSources(get('apt-sources')),
  'apt-lists': (get) => parseListedSuites(get('apt-lists')),
  'apt-simulate': (get) => parseAptSimulation(get('apt-simulate')),
  units: (get) => parseUnits(get('units')),
  'pmgup-units': (get) => parsePmgupState(get('pmgup-state'), get('pmgup-units')),
  'pg-lsclusters': (get) => parseClusters(get('pg-lsclusters'), parseClusterDetails(get('pg-clusters'))),
  'pg-clusters': (get) => parseClusterDetails(get('pg-clusters')),
  'pmg-files': (get) => parsePmg(get('pmg-files'), get('pmg-templates'), get('pmg-backups')),
  'pmg-templates': (get) => parsePmg(get('pmg-files'), get('pmg-templates'), get('pmg-backups')),
  'pmg-backups': (get) => parsePmg(get('pmg-files'), get('pmg-templates'), get('pmg-backups')),
  disk: (get) => parseDisk(get('disk')),
  'ip-link': network,
  'ip-addr': network,
  udev: network,
  'hostname-addresses': network,
  'network-files': network,
  ssh: (get) => parseSsh(get('ssh')),
  certificates: (get) => parseCertificates(get('certificates')),
  dkms: (get) => parseDkms(get('dkms')),
  clamav: (get) => parseClamav(get('clamav')),
  locale: (get) => parseLocale(get('locale')),
  'mail-queue': (get) => parseMailQueue(get('mail-queue')),
  'pmgup-state': (get) => parsePmgupState(get('pmgup-state'), get('pmgup-units')),
};

function network(get: Get): unknown {
  return parseNetwork({
    links: get('ip-link'),
    addresses: get('ip-addr'),
    udev: get('udev'),
    hostnameAddresses: get('hostname-addresses'),
    files: get('network-files'),
  });
}

const GARBAGE = ['', '-1', 'NaN', '1e999', '0x1f', '9'.repeat(400), '\u0000', '\u001b[2J', '\u001b]0;t\u0007', '\r', 'é', '__proto__', 'constructor', 'b!!', 'file', 'missing', ' ', '@@', '\\', '%s'];

/** Returns a damaged copy of a section body. */
function damage(text: string, random: Random): string {
  const lines = text.split('\n');
  switch (random.int(0, 6)) {
    case 0:
      return random.bytes(random.int(0, 2_000)).toString('latin1');
    case 1:
      return text.slice(0, random.int(0, text.length));
    case 2: {
      const tokens = text.split(/(\s+)/);
      for (let i = random.int(1, 4); i > 0; i--) {
        tokens[random.int(0, tokens.length - 1)] = random.pick(GARBAGE);
      }
      return tokens.join('');
    }
    case 3: {
      const tokens = text.split(/(\s+)/);
      tokens[random.int(0, tokens.length - 1)] = 'x'.repeat(random.int(100_000, 2_000_000));
      return tokens.join('');
    }
    case 4: {
      const at = random.int(0, text.length);
      return text.slice(0, at) + random.pick(['\u0000', '\u001b', '\u0007', '\r', '\u0085', '\u2028', '\ud800']) + text.slice(at);
    }
    case 5:
      return lines.sort(() => random.next() - 0.5).join('\n');
    default:
      return [...lines, ...lines.slice(0, random.int(0, lines.length))].join('\n');
  }
}

function recorded(run: string): Map<string, Section> {
  return splitSections(fixture(run), RECORDED_NONCE).sections;
}

/** Calls `parse` and returns the error it threw, or null; fails on anything but a ProbeOutputError. */
function parseOrReject(parse: () => unknown, label: string): ProbeOutputError | null {
  const started = performance.now();
  try {
    parse();
    return null;
  } catch (error) {
    assert.ok(error instanceof ProbeOutputError, `${label}: ${(error as Error).stack ?? String(error)}`);
    return error;
  } finally {
    assert.ok(performance.now() - started < MAX_PARSE_MS, `${label}: took ${Math.round(performance.now() - started)} ms`);
  }
}

describe('probe parsers with damaged sections', () => {
  for (const run of RUNS) {
    test(`each parser of ${run} returns or names its section`, () => {
      const sections = recorded(run);
      const random = new Random(run.length * 7919);
      let rejected = 0;
      for (const [name, parse] of Object.entries(PARSERS)) {
        const original = sections.get(name);
        assert.ok(original, `${run} has section ${name}`);
        for (let i = 0; i < VARIANTS; i++) {
          const damaged: Section = { ...original, body: damage(original.body, random), status: random.next() < 0.2 ? random.int(0, 255) : original.status };
          const get: Get = (wanted) => (wanted === name ? damaged : sections.get(wanted)!);
          const error = parseOrReject(() => parse(get), `${run} ${name} variant ${i}`);
          if (error !== null) {
            assert.equal(error.problem.section, name, `${run} ${name} variant ${i}: ${error.detail}`);
            rejected++;
          }
        }
      }

      assert.ok(rejected > Object.keys(PARSERS).length * 5, `only ${rejected} variants were rejected`);
    });
  }

  test('parsed runs always match the facts schema', () => {
    const validate = new Ajv2020({ allErrors: true, strict: true }).compile(factsSchema);
    const random = new Random(31337);
    let parsed = 0;
    for (const run of RUNS) {
      const sections = recorded(run);
      for (const name of Object.keys(PARSERS)) {
        for (let i = 0; i < 10; i++) {
          const output = [...sections.values()]
            .map((section) => {
              const text = section.name === name ? damage(section.body, random) : section.body;
              return `@@pmgup:${RECORDED_NONCE}:begin:${section.name}@@\n${text}\n@@pmgup:${RECORDED_NONCE}:end:${section.name}:${section.status}@@\n`;
            })
            .join('') + `@@pmgup:${RECORDED_NONCE}:done@@\n`;
          let facts: unknown = null;
          parseOrReject(() => (facts = parseProbeOutput(output, RECORDED_NONCE, 'local')), `${run} ${name} run ${i}`);
          if (facts !== null) {
            parsed++;
            assert.ok(validate(facts), `${run} ${name} run ${i}: ${JSON.stringify(validate.errors)?.slice(0, 500)}`);
          }
        }
      }
    }

    assert.ok(parsed > 50, `only ${parsed} damaged runs parsed`);
  });
});
