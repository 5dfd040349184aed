/**
 * Turns the probe script's complete output into HostFacts. Every section the
 * script prints must be present and well formed; anything else is rejected
 * with a ProbeOutputError naming the host and section. A section the caller
 * asked to skip must be absent, and the facts it feeds become null.
 */
import { UserError } from '../errors.js';
import { FACTS_VERSION, type HostFacts, type UnitFact } from './facts.js';
import { ProbeOutputError } from './errors.js';
import { parseAptSimulation, parseAptSources, parseListedSuites } from './parsers/apt.js';
import { parseCertificates } from './parsers/certificates.js';
import { parseConffiles, parseMd5Sums } from './parsers/conffiles.js';
import { parseDisk } from './parsers/disk.js';
import { parseDpkg } from './parsers/dpkg.js';
import { parseClamav, parseDkms, parseLocale, parseSsh } from './parsers/host-config.js';
import { parseMailQueue } from './parsers/mail-queue.js';
import { parseNetwork } from './parsers/network.js';
import { parseOs } from './parsers/os.js';
import { heldPackages, parseListTimes, parsePackages } from './parsers/packages.js';
import { parsePmg } from './parsers/pmg.js';
import { parsePmgupState } from './parsers/pmgup-state.js';
import { parseClusterDetails, parseClusters, parseCreatecluster } from './parsers/postgres.js';
import { parseBoot, parseIdentity, parseKernel, parseProbeMeta, parseSystem } from './parsers/system.js';
import { parseUnits } from './parsers/systemd.js';
import { type Section, splitSections } from './sections.js';
import { type ProbedFacts, requireFullFacts, type SkippableSection } from './partial-facts.js';

/** Output format of probe.sh that these parsers read; the script prints it in its `probe` section. */
export const PROBE_FORMAT = 1;

/** Parses one run's output. `target` is recorded as is; `nonce` must be the one passed to the script. */
export function parseProbeOutput(output: string, nonce: string, target: string): HostFacts {
  return requireFullFacts(parseProbedOutput(output, nonce, target, []));
}

/**
 * Parses the output of a run that was asked to skip `skipped`. Rejects the
 * output when the script reports other skipped sections than these, or
 * prints a section it was to skip.
 */
export function parseProbedOutput(output: string, nonce: string, target: string, skipped: readonly SkippableSection[]): ProbedFacts {
  try {
    return assemble(sectionReader(output, nonce, target, skipped), target, new Set(skipped));
  } catch (error) {
    throw error instanceof ProbeOutputError ? error.forHost(target) : error;
  }
}

function sectionReader(output: string, nonce: string, target: string, skipped: readonly SkippableSection[]): (name: string) => Section {
  const { sections, complete } = splitSections(output, nonce);
  if (!complete) {
    const last = [...sections.keys()].at(-1);
    throw new UserError(
      `The probe output of ${target} is incomplete`,
      `${last === undefined ? 'The output holds no section of this run' : `The output stops after section "${last}"`}, ` +
        'before the probe script finished.\nThe connection may have dropped or the script was killed: run the probe again.',
    );
  }
  for (const name of skipped) {
    if (sections.has(name)) {
      throw new ProbeOutputError({ section: name, line: null, expected: 'no such section, because the caller skipped it', actual: 'the section' });
    }
  }

  return (name) => {
    const section = sections.get(name);
    if (section === undefined) {
      throw new ProbeOutputError({ section: name, line: null, expected: 'this section in the output', actual: null });
    }

    return section;
  };
}

function assemble(section: (name: string) => Section, target: string, skipped: ReadonlySet<SkippableSection>): ProbedFacts {
  const meta = parseProbeMeta(section('probe'));
  if (meta.format !== PROBE_FORMAT) {
    throw new ProbeOutputError({
      section: 'probe',
      line: null,
      expected: `output format ${PROBE_FORMAT}`,
      actual: `format ${meta.format}`,
    });
  }
  const expected = [...skipped].sort().join(' ');
  const reported = [...meta.skipped].sort().join(' ');
  if (reported !== expected) {
    throw new ProbeOutputError({
      section: 'probe',
      line: null,
      expected: `skipped sections: ${expected || 'none'}`,
      actual: `skipped sections: ${reported || 'none'}`,
    });
  }

  const system = parseSystem(section('system'));
  const packages = parsePackages(section('packages'), parseListTimes(section('dpkg-lists')), meta.architecture);
  const createcluster = parseCreatecluster(section('pg-createcluster'));

  return {
    factsVersion: FACTS_VERSION,
    probedAt: meta.time,
    target,
    identity: parseIdentity(section('identity')),
    os: parseOs(section('os')),
    kernel: parseKernel(section('kernel')),
    boot: parseBoot(section('boot')),
    system,
    packages,
    conffiles: skipped.has('conffile-md5') ? null : parseConffiles(section('conffiles'), parseMd5Sums(section('conffile-md5'))),
    dpkg: parseDpkg(section('dpkg-state'), section('dpkg-audit')),
    apt: {
      files: parseAptSources(section('apt-sources')),
      listedSuites: parseListedSuites(section('apt-lists')),
      pending: skipped.has('apt-simulate') ? null : parseAptSimulation(section('apt-simulate')),
      held: heldPackages(packages),
    },
    units: unitsFor(section('units'), system.state),
    postgres: {
      clusters: parseClusters(section('pg-lsclusters'), parseClusterDetails(section('pg-clusters'))),
      createclusterConf: createcluster.conf,
      createclusterDropIns: createcluster.dropIns,
    },
    pmg: parsePmg(section('pmg-files'), section('pmg-templates'), section('pmg-backups')),
    disk: parseDisk(section('disk')),
    network: parseNetwork({
      links: section('ip-link'),
      addresses: section('ip-addr'),
      udev: section('udev'),
      hostnameAddresses: section('hostname-addresses'),
      files: section('network-files'),
    }),
    ssh: parseSsh(section('ssh')),
    certificates: parseCertificates(section('certificates')),
    dkms: parseDkms(section('dkms')),
    clamav: parseClamav(section('clamav')),
    locale: parseLocale(section('locale')),
    mailQueueCount: parseMailQueue(section('mail-queue')),
    pmgup: parsePmgupState(section('pmgup-state'), section('pmgup-units')),
  };
}

/**
 * Unit states, or an empty map on a host where systemd is not running (a
 * chroot or container without systemd as init). On a host whose systemd is
 * up, a failed `systemctl show` is an error: reporting no units there would
 * read as "every unit is missing".
 */
function unitsFor(section: Section, systemState: string): Record<string, UnitFact> {
  const units = parseUnits(section);
  if (units !== null) {
    return units;
  }
  if (systemState === 'offline' || systemState === 'unknown') {
    return {};
  }

  throw new ProbeOutputError({
    section: section.name,
    line: null,
    expected: `unit properties from systemctl, which reports the system as "${systemState}"`,
    actual: `nothing, exit status ${section.status}`,
  });
}
