/**
 * JSON Schema of a recorded facts file, typed as JSONSchemaType<HostFacts>
 * so the compiler rejects any difference between this schema and the
 * HostFacts interface. Objects allow no other properties, so a misspelt key
 * in a facts file edited by hand is reported instead of ignored.
 */
import type { JSONSchemaType } from 'ajv/dist/2020.js';

import { FACTS_VERSION, type HostFacts } from './facts.js';
import {
  certificateFact,
  clusterFact,
  conffileFact,
  count,
  diskFact,
  fileFact,
  NULL,
  interfaceFact,
  nullableFile,
  packageFact,
  pmgupState,
  stringList,
  templateOverride,
  unitFact,
} from './facts-schema-parts.js';
import { simulationFacts } from './simulate-schema.js';

const name = { type: 'string' } as const;

/** The schema a facts file must match before pmgup reads it. */
export const factsSchema: JSONSchemaType<HostFacts> = {
  type: 'object',
  properties: {
    factsVersion: { type: 'integer', const: FACTS_VERSION },
    probedAt: name,
    target: name,
    identity: {
      type: 'object',
      // Linux limits the node name to 64 bytes and DNS a name to 253.
      properties: { hostname: { type: 'string', maxLength: 253 }, fqdn: name, machineId: name },
      required: ['hostname', 'fqdn', 'machineId'],
      additionalProperties: false,
    },
    os: {
      type: 'object',
      properties: { id: name, versionId: name, codename: name, prettyName: name, debianVersion: name },
      required: ['id', 'versionId', 'codename', 'prettyName', 'debianVersion'],
      additionalProperties: false,
    },
    kernel: {
      type: 'object',
      properties: { release: name, machine: name },
      required: ['release', 'machine'],
      additionalProperties: false,
    },
    boot: {
      type: 'object',
      properties: { efi: { type: 'boolean' }, proxmoxBootTool: { type: 'boolean' }, bootedAt: count },
      required: ['efi', 'proxmoxBootTool', 'bootedAt'],
      additionalProperties: false,
    },
    system: {
      type: 'object',
      properties: {
        state: name,
        waitedSeconds: count,
        container: { anyOf: [{ type: 'string' }, NULL] },
        vm: { anyOf: [{ type: 'string' }, NULL] },
      },
      required: ['state', 'waitedSeconds', 'container', 'vm'],
      additionalProperties: false,
    },
    packages: { type: 'object', additionalProperties: packageFact, required: [] },
    conffiles: { type: 'array', items: conffileFact },
    dpkg: {
      type: 'object',
      properties: { interrupted: { type: 'boolean' }, auditLines: stringList },
      required: ['interrupted', 'auditLines'],
      additionalProperties: false,
    },
    apt: {
      type: 'object',
      properties: {
        files: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              path: name,
              format: { type: 'string', enum: ['list', 'sources'] },
              sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
              content: name,
              redacted: { type: 'boolean' },
            },
            required: ['path', 'format', 'sha256', 'content', 'redacted'],
            additionalProperties: false,
          },
        },
        listedSuites: stringList,
        pending: {
          type: 'object',
          properties: {
            install: {
              type: 'array',
              items: {
                type: 'object',
                properties: { name, version: name, from: { anyOf: [{ type: 'string' }, NULL] } },
                required: ['name', 'version', 'from'],
                additionalProperties: false,
              },
            },
            remove: stringList,
            error: { anyOf: [{ type: 'string' }, NULL] },
          },
          required: ['install', 'remove', 'error'],
          additionalProperties: false,
        },
        held: stringList,
      },
      required: ['files', 'listedSuites', 'pending', 'held'],
      additionalProperties: false,
    },
    units: { type: 'object', additionalProperties: unitFact, required: [] },
    postgres: {
      type: 'object',
      properties: {
        clusters: { type: 'array', items: clusterFact },
        createclusterConf: nullableFile,
        createclusterDropIns: { type: 'array', items: fileFact, nullable: true },
      },
      required: ['clusters', 'createclusterConf'],
      additionalProperties: false,
    },
    pmg: {
      type: 'object',
      properties: {
        pmgConf: nullableFile,
        clusterConf: nullableFile,
        templateOverrides: { type: 'array', items: templateOverride },
        backups: {
          type: 'array',
          items: {
            type: 'object',
            properties: { path: name, sizeBytes: count, modifiedAt: count },
            required: ['path', 'sizeBytes', 'modifiedAt'],
            additionalProperties: false,
          },
        },
      },
      required: ['pmgConf', 'clusterConf', 'templateOverrides', 'backups'],
      additionalProperties: false,
    },
    disk: { type: 'array', items: diskFact },
    network: {
      type: 'object',
      properties: {
        interfaces: { type: 'array', items: interfaceFact },
        hostnameAddresses: stringList,
        interfacesFile: nullableFile,
        linkFiles: stringList,
      },
      required: ['interfaces', 'hostnameAddresses', 'interfacesFile', 'linkFiles'],
      additionalProperties: false,
    },
    ssh: {
      type: 'object',
      properties: {
        rootConfigExists: { type: 'boolean' },
        rootConfigCipherLines: {
          type: 'array',
          items: {
            type: 'object',
            properties: { line: { type: 'integer', minimum: 1 }, text: name },
            required: ['line', 'text'],
            additionalProperties: false,
          },
        },
      },
      required: ['rootConfigExists', 'rootConfigCipherLines'],
      additionalProperties: false,
    },
    certificates: { type: 'array', items: certificateFact },
    dkms: {
      type: 'object',
      properties: { installed: { type: 'boolean' }, statusLines: stringList },
      required: ['installed', 'statusLines'],
      additionalProperties: false,
    },
    clamav: {
      type: 'object',
      properties: { onAccessSettings: stringList },
      required: ['onAccessSettings'],
      additionalProperties: false,
    },
    locale: {
      type: 'object',
      properties: { lang: { anyOf: [{ type: 'string' }, NULL] }, available: stringList },
      required: ['lang', 'available'],
      additionalProperties: false,
    },
    mailQueueCount: { anyOf: [count, NULL] },
    pmgup: pmgupState,
    simulation: { ...simulationFacts, nullable: true },
  },
  required: [
    'factsVersion',
    'probedAt',
    'target',
    'identity',
    'os',
    'kernel',
    'boot',
    'system',
    'packages',
    'conffiles',
    'dpkg',
    'apt',
    'units',
    'postgres',
    'pmg',
    'disk',
    'network',
    'ssh',
    'certificates',
    'dkms',
    'clamav',
    'locale',
    'mailQueueCount',
    'pmgup',
  ],
  additionalProperties: false,
};
