/**
 * JSON Schema of the `simulation` part of a facts file, typed with
 * JSONSchemaType so the compiler checks it against SimulationFacts.
 */
import type { JSONSchemaType } from 'ajv/dist/2020.js';

import type { SimulatedFile, SimulationFacts, UcfFileFact } from './facts.js';
import { count, fileFact, NULL, stringList } from './facts-schema-parts.js';

const text = { type: 'string' } as const;
const md5 = { type: 'string', pattern: '^[0-9a-f]{32}$' } as const;
const nullableMd5 = { anyOf: [md5, NULL] } as const;

const ucfFile: JSONSchemaType<UcfFileFact> = {
  type: 'object',
  properties: { path: text, package: text, recordedMd5: nullableMd5, currentMd5: nullableMd5, sourceMd5: nullableMd5 },
  required: ['path', 'package', 'recordedMd5', 'currentMd5', 'sourceMd5'],
  additionalProperties: false,
};

const simulatedFile: JSONSchemaType<SimulatedFile> = {
  type: 'object',
  properties: {
    path: text,
    package: text,
    state: { type: 'string', enum: ['conffile', 'plain', 'absent', 'nodeb'] },
    md5: nullableMd5,
    sizeBytes: { anyOf: [count, NULL] },
    content: { anyOf: [text, NULL] },
  },
  required: ['path', 'package', 'state', 'md5', 'sizeBytes', 'content'],
  additionalProperties: false,
};

/** The schema of SimulationFacts. */
export const simulationFacts: JSONSchemaType<SimulationFacts> = {
  type: 'object',
  properties: {
    simulatedAt: text,
    durationMs: count,
    codename: text,
    removedFirst: stringList,
    update: {
      type: 'object',
      properties: { ok: { type: 'boolean' }, messages: stringList },
      required: ['ok', 'messages'],
      additionalProperties: false,
    },
    upgrade: {
      type: 'object',
      properties: {
        install: {
          type: 'array',
          items: {
            type: 'object',
            properties: { name: text, version: text, from: { anyOf: [text, NULL] } },
            required: ['name', 'version', 'from'],
            additionalProperties: false,
          },
        },
        remove: stringList,
        error: { anyOf: [text, NULL] },
      },
      required: ['install', 'remove', 'error'],
      additionalProperties: false,
    },
    download: {
      type: 'object',
      properties: { packages: count, bytes: count, cachedBytes: count },
      required: ['packages', 'bytes', 'cachedBytes'],
      additionalProperties: false,
    },
    ucf: { type: 'array', items: ucfFile },
    files: { type: 'array', items: simulatedFile },
    current: { type: 'array', items: fileFact },
    packages: {
      type: 'array',
      items: {
        type: 'object',
        properties: { name: text, version: { anyOf: [text, NULL] } },
        required: ['name', 'version'],
        additionalProperties: false,
      },
    },
  },
  required: ['simulatedAt', 'durationMs', 'codename', 'removedFirst', 'update', 'upgrade', 'download', 'ucf', 'files', 'current', 'packages'],
  additionalProperties: false,
};
