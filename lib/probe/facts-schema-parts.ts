/**
 * Schemas of the parts of HostFacts, each typed with JSONSchemaType so the
 * compiler checks it against its interface. facts-schema.ts puts them
 * together.
 */
import type { JSONSchemaType } from 'ajv/dist/2020.js';

import type {
  CertificateFact,
  ConffileFact,
  DiskFact,
  FileFact,
  InterfaceFact,
  JournalEntryFact,
  PackageFact,
  PgClusterFact,
  PmgupStateFacts,
  TemplateOverrideFact,
  UnitFact,
} from './facts.js';

/** The null alternative of a `T | null` property. */
export const NULL = { type: 'null', nullable: true } as const;

export const stringList: JSONSchemaType<string[]> = { type: 'array', items: { type: 'string' } };
export const count = { type: 'integer', minimum: 0 } as const;

export const fileFact: JSONSchemaType<FileFact> = {
  type: 'object',
  properties: {
    path: { type: 'string' },
    sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
    sizeBytes: count,
    content: { anyOf: [{ type: 'string' }, NULL] },
  },
  required: ['path', 'sha256', 'sizeBytes', 'content'],
  additionalProperties: false,
};

/** A FileFact, or null for a file that does not exist. */
export const nullableFile = { anyOf: [fileFact, NULL] } as const;

export const packageFact: JSONSchemaType<PackageFact> = {
  type: 'object',
  properties: {
    version: { type: 'string' },
    architecture: { type: 'string' },
    want: { type: 'string', enum: ['unknown', 'install', 'hold', 'deinstall', 'purge'] },
    status: {
      type: 'string',
      enum: [
        'not-installed',
        'config-files',
        'half-installed',
        'unpacked',
        'half-configured',
        'triggers-awaited',
        'triggers-pending',
        'installed',
      ],
    },
    reinstallRequired: { type: 'boolean' },
    unpackedAt: { anyOf: [count, NULL] },
  },
  required: ['version', 'architecture', 'want', 'status', 'reinstallRequired', 'unpackedAt'],
  additionalProperties: false,
};

export const conffileFact: JSONSchemaType<ConffileFact> = {
  type: 'object',
  properties: {
    path: { type: 'string' },
    package: { type: 'string' },
    recordedMd5: { type: 'string' },
    currentMd5: { anyOf: [{ type: 'string' }, NULL] },
    obsolete: { type: 'boolean' },
  },
  required: ['path', 'package', 'recordedMd5', 'currentMd5', 'obsolete'],
  additionalProperties: false,
};

export const unitFact: JSONSchemaType<UnitFact> = {
  type: 'object',
  properties: {
    loadState: { type: 'string' },
    activeState: { type: 'string' },
    subState: { type: 'string' },
    unitFileState: { type: 'string' },
  },
  required: ['loadState', 'activeState', 'subState', 'unitFileState'],
  additionalProperties: false,
};

export const clusterFact: JSONSchemaType<PgClusterFact> = {
  type: 'object',
  properties: {
    version: { type: 'number' },
    name: { type: 'string' },
    port: { type: 'integer', minimum: 1, maximum: 65535 },
    status: { type: 'string', enum: ['online', 'down'] },
    owner: { type: 'string' },
    dataDirectory: { type: 'string' },
    logFile: { type: 'string' },
    startMode: { type: 'string' },
    databases: { anyOf: [stringList, NULL] },
    sizeBytes: { anyOf: [count, NULL] },
  },
  required: ['version', 'name', 'port', 'status', 'owner', 'dataDirectory', 'logFile', 'startMode', 'databases', 'sizeBytes'],
  additionalProperties: false,
};

export const templateOverride: JSONSchemaType<TemplateOverrideFact> = {
  type: 'object',
  properties: { name: { type: 'string' }, override: fileFact, shipped: { anyOf: [fileFact, NULL] } },
  required: ['name', 'override', 'shipped'],
  additionalProperties: false,
};

export const diskFact: JSONSchemaType<DiskFact> = {
  type: 'object',
  properties: { path: { type: 'string' }, mountPoint: { type: 'string' }, sizeBytes: count, availableBytes: count },
  required: ['path', 'mountPoint', 'sizeBytes', 'availableBytes'],
  additionalProperties: false,
};

export const interfaceFact: JSONSchemaType<InterfaceFact> = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    mac: { anyOf: [{ type: 'string' }, NULL] },
    addresses: stringList,
    up: { type: 'boolean' },
    predictableName: { anyOf: [{ type: 'string' }, NULL] },
  },
  required: ['name', 'mac', 'addresses', 'up', 'predictableName'],
  additionalProperties: false,
};

export const certificateFact: JSONSchemaType<CertificateFact> = {
  type: 'object',
  properties: {
    path: { type: 'string' },
    keyType: { anyOf: [{ type: 'string' }, NULL] },
    keyBits: { anyOf: [count, NULL] },
  },
  required: ['path', 'keyType', 'keyBits'],
  additionalProperties: false,
};

export const journalEntry: JSONSchemaType<JournalEntryFact> = {
  type: 'object',
  properties: {
    time: { type: 'string' },
    planId: { type: 'string' },
    actionId: { type: 'string' },
    event: { type: 'string', enum: ['start', 'end', 'error', 'note'] },
    detail: { type: 'string' },
  },
  required: ['time', 'planId', 'actionId', 'event', 'detail'],
  additionalProperties: false,
};

export const pmgupState: JSONSchemaType<PmgupStateFacts> = {
  type: 'object',
  properties: {
    lock: {
      anyOf: [
        {
          type: 'object',
          properties: {
            pid: { type: 'integer' },
            holder: { type: 'string' },
            since: { type: 'string' },
            planId: { type: 'string' },
          },
          required: ['pid', 'holder', 'since', 'planId'],
          additionalProperties: false,
        },
        NULL,
      ],
    },
    journal: { type: 'array', items: journalEntry },
    journalCorruptLines: count,
    detachedSteps: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          unit: { type: 'string' },
          activeState: { type: 'string' },
          result: { type: 'string' },
          exitStatus: { anyOf: [{ type: 'integer' }, NULL] },
        },
        required: ['unit', 'activeState', 'result', 'exitStatus'],
        additionalProperties: false,
      },
    },
  },
  required: ['lock', 'journal', 'journalCorruptLines', 'detachedSteps'],
  additionalProperties: false,
};
