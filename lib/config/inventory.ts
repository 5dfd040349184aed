/**
 * Loading the inventory: the TOML file that names the hosts, groups and
 * clusters one plan covers (`--inventory FILE`). Problems are reported all
 * at once, each at its TOML key path, like the desired state's. Nothing is
 * probed before the inventory is valid; the agreement of a cluster entry
 * with the members' cluster.conf is checked after probing, with
 * `clusterEntryError`.
 */
import { readFileSync, statSync } from 'node:fs';

import { InputError, UserError } from '../errors.js';
import { readFailure } from '../file-errors.js';
import { parseHostSpec, type HostSpec } from '../transport/parse-host.js';
import { TOML_DIALECT } from './dialect.js';
import { withKindCheck, type FileUse } from './file-kind-error.js';
import { recognizeJsonText, recognizeTomlData } from './file-kind.js';
import type { Inventory } from './generated/inventory.js';
import type { PathSegment } from './key-path.js';
import { oversizedCollections } from './limits.js';
import { inputError, locateProblems } from './problems.js';
import { explainSchemaErrors, type SchemaProblem } from './schema-errors.js';
import { decodeUtf8 } from './text-location.js';
import { parseTomlText } from './toml-parse.js';
import { plainTomlData } from './toml-values.js';
import { validatorFor } from './validator.js';

/** Largest inventory read: about 5,000 hosts at 200 bytes each. */
export const MAX_INVENTORY_BYTES = 1024 * 1024;

const REMEDY = 'Fix the keys listed above. The inventory format is described in docs/inventory.md.';

/** A host the inventory names, with where it is written. */
export interface InventoryHost {
  /** Name in the plan: the `name` key, or the address without user and default port. */
  name: string;
  address: string;
  spec: HostSpec;
  path: PathSegment[];
}

/** A `[[cluster]]` entry. */
export interface InventoryCluster {
  name: string;
  /** The member pmgup probes first; its cluster.conf names the others. */
  member: InventoryHost;
  /** Node names to upgrade first, in this order. */
  order: string[];
  /** Address overrides by node name. */
  nodes: Map<string, InventoryHost>;
  path: PathSegment[];
}

/** A validated inventory, in file order within each kind. */
export interface LoadedInventory {
  path: string;
  hosts: InventoryHost[];
  groups: { name: string; hosts: InventoryHost[]; path: PathSegment[] }[];
  clusters: InventoryCluster[];
}

/** Returns the plan name of a host given by address: the host, with `:PORT` unless the port is 22 or left out. */
export function defaultHostName(spec: HostSpec): string {
  return spec.port === undefined || spec.port === 22 ? spec.host : `${spec.host}:${spec.port}`;
}

/**
 * Reads, parses and validates an inventory file. Throws UserError when the
 * file cannot be read, and InputError listing every problem when it is not
 * UTF-8, not TOML or not a valid inventory. A file that fails and is
 * confidently a desired state, facts or a saved plan gives a FileKindError
 * instead, whose fix names `command`.
 */
export function loadInventory(path: string, command?: string): LoadedInventory {
  const decoded = decodeUtf8(readInventoryFile(path));
  if (!decoded.ok) {
    throw new InputError(
      'The inventory file is not valid UTF-8',
      [{ file: path, location: decoded.location, message: decoded.message }],
      'Save the file as UTF-8. TOML files must be UTF-8.',
    );
  }

  const use: FileUse = { path, expected: 'inventory', command };
  const text = decoded.text;
  const data = withKindCheck(use, () => recognizeJsonText(text), () => parseTomlText(text, path, 'inventory file'));

  return withKindCheck(use, () => recognizeTomlData(data), () => validateInventory(data, path));
}

/** Validates parsed TOML data as an inventory; throws InputError with every problem, located in `fileLabel`. */
export function validateInventory(data: unknown, fileLabel: string): LoadedInventory {
  const copy = plainTomlData(data);
  const oversized = oversizedCollections(copy);
  if (oversized.length > 0) {
    throw inputError('Invalid inventory', locateProblems(fileLabel, oversized, TOML_DIALECT), REMEDY);
  }

  const validate = validatorFor('inventory.schema.json', false);
  if (!validate(copy)) {
    const problems = explainSchemaErrors(validate.errors ?? [], { file: 'inventory.schema.json', data: copy, dialect: TOML_DIALECT });
    throw inputError('Invalid inventory', locateProblems(fileLabel, problems, TOML_DIALECT), REMEDY);
  }

  const { inventory, problems } = buildInventory(copy as Inventory, fileLabel);
  if (problems.length > 0) {
    throw inputError('Invalid inventory', locateProblems(fileLabel, problems, TOML_DIALECT), REMEDY);
  }

  return inventory;
}

/** Builds the loaded form, collecting invalid addresses and repeated names. */
function buildInventory(data: Inventory, file: string): { inventory: LoadedInventory; problems: SchemaProblem[] } {
  const problems: SchemaProblem[] = [];
  const host = (entry: { address: string; name?: string }, path: PathSegment[]): InventoryHost => {
    const spec = addressSpec(entry.address, [...path, 'address'], file, problems);
    return { name: entry.name ?? defaultHostName(spec), address: entry.address, spec, path };
  };

  const inventory: LoadedInventory = {
    path: file,
    hosts: (data.host ?? []).map((entry, index) => host(entry, ['host', index])),
    groups: (data.group ?? []).map((entry, index) => ({
      name: entry.name,
      path: ['group', index],
      hosts: entry.hosts.map((item, position) => host(item, ['group', index, 'hosts', position])),
    })),
    clusters: (data.cluster ?? []).map((entry, index) => {
      const path: PathSegment[] = ['cluster', index];
      const member = { ...host({ address: entry.member }, path), path: [...path, 'member'] };
      const nodes = Object.entries(entry.nodes ?? {}).map(([node, value]) => [node, host({ ...value, name: node }, [...path, 'nodes', node])] as const);
      return { name: entry.name, member, order: entry.order ?? [], nodes: new Map(nodes), path };
    }),
  };
  problems.push(...emptyProblems(inventory), ...repeatedNames(inventory));

  return { inventory, problems };
}

function addressSpec(address: string, path: PathSegment[], file: string, problems: SchemaProblem[]): HostSpec {
  try {
    return parseHostSpec(address, `${file}, ${TOML_DIALECT.formatPath(path)}`);
  } catch (error) {
    if (!(error instanceof UserError)) {
      throw error;
    }
    const firstLine = error.detail.split('\n')[0]!;
    const reason = /is not a valid host: (.*)$/.exec(firstLine)?.[1] ?? firstLine;
    problems.push({ path, message: `${JSON.stringify(address)} is not a valid address: ${reason} Use [user@]host[:port].` });

    return { host: address };
  }
}

function emptyProblems(inventory: LoadedInventory): SchemaProblem[] {
  const count = inventory.hosts.length + inventory.groups.length + inventory.clusters.length;

  return count > 0 ? [] : [{ path: [], message: 'names no host: add a [[host]], [[group]] or [[cluster]] entry' }];
}

/** Host names must be unique among single and grouped hosts, group and cluster names among groups and clusters. */
function repeatedNames(inventory: LoadedInventory): SchemaProblem[] {
  const hosts = [...inventory.hosts, ...inventory.groups.flatMap((group) => group.hosts)];
  const groups = [...inventory.groups, ...inventory.clusters];

  return [
    ...repeats(hosts.map((item) => ({ name: item.name, path: item.path })), 'host'),
    ...repeats(groups.map((item) => ({ name: item.name, path: [...item.path, 'name'] })), 'group or cluster'),
  ];
}

function repeats(items: { name: string; path: PathSegment[] }[], what: string): SchemaProblem[] {
  const first = new Map<string, PathSegment[]>();

  return items.flatMap((item) => {
    const earlier = first.get(item.name);
    if (earlier === undefined) {
      first.set(item.name, item.path);
      return [];
    }

    return [{ path: item.path, message: `names the ${what} ${JSON.stringify(item.name)} again, first named at ${TOML_DIALECT.formatPath(earlier)}; give each a name of its own with \`name = "..."\`` }];
  });
}

/**
 * Returns the error for a cluster entry that disagrees with what the
 * member's cluster.conf says, with each problem at its key path.
 */
export function clusterEntryError(inventory: LoadedInventory, problems: SchemaProblem[]): InputError {
  return inputError(
    'The inventory does not match the cluster',
    locateProblems(inventory.path, problems, TOML_DIALECT),
    'Name members as /etc/pmg/cluster.conf on the member lists them (the `name` of each section), or fix the cluster first.',
  );
}

function readInventoryFile(path: string): Buffer {
  let size: number;
  try {
    const info = statSync(path);
    if (!info.isFile()) {
      throw new UserError('The inventory path is not a file', `${path} is not a regular file. Name a TOML file, such as examples/inventory.toml.`);
    }
    size = info.size;
  } catch (error) {
    if (error instanceof UserError) {
      throw error;
    }
    throw new UserError('Cannot read the inventory file', `${path}: ${readFailure(error)}.`, { cause: error });
  }
  // NOTE: a facts file or saved plan larger than the limit is reported as
  // too large here, not recognized, because recognizing it means reading it.
  if (size > MAX_INVENTORY_BYTES) {
    throw new UserError('The inventory file is too large', `${path} has ${size} bytes, more than the ${MAX_INVENTORY_BYTES} that pmgup reads. Check that it is the right file.`);
  }

  try {
    return readFileSync(path);
  } catch (error) {
    throw new UserError('Cannot read the inventory file', `${path}: ${readFailure(error)}.`, { cause: error });
  }
}
