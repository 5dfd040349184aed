/**
 * `/etc/postgresql-common/createcluster.conf`, which pg_createcluster reads
 * when the postgresql-15 package creates its cluster and when
 * pg_upgradecluster creates the new one. A moved `data_directory` decides
 * which filesystem the new cluster fills. Every setting other than
 * pg_createcluster's own keys is copied into the new postgresql.conf, so a
 * setting PostgreSQL 15 rejects keeps the new cluster from starting.
 * `stats_temp_directory` is the exception: pg_createcluster in
 * postgresql-common 248 (bookworm) drops it for 15 and later, and the stock
 * file sets it.
 */
import type { FileFact } from '../../probe/facts.js';
import type { Diagnostic } from '../model.js';
import type { Check, CheckContext } from './context.js';
import { diagnostic } from './context.js';
import type { PgSetting } from './pg-config.js';
import {
  CREATECLUSTER_KEYS,
  DEFAULT_DATA_DIRECTORY,
  parsePgSettings,
  rejectedBy15,
  unquote,
} from './pg-config.js';

const CODE = 'createcluster-conf';

/** Reports a moved data directory and settings in createcluster.conf that PostgreSQL 15 rejects. */
export const checkCreatecluster: Check = (facts, _desired, context) => {
  const file = facts.postgres.createclusterConf;
  if (file === null) {
    return [];
  }
  if (file.content === null) {
    return [
      diagnostic(context, {
        code: CODE,
        severity: 'warning',
        subject: file.path,
        message: `${file.path} is larger than 1 MiB or not UTF-8 text, so pmgup could not read where new clusters go.`,
        fix: 'Check the file by hand; the stock one is a few kilobytes.',
        location: { file: file.path },
      }),
    ];
  }

  const settings = parsePgSettings(file.content);
  const dataDirectory = settings.find((setting) => setting.name === 'data_directory');
  const results: Diagnostic[] = [];
  if (dataDirectory !== undefined && unquote(dataDirectory.value) !== DEFAULT_DATA_DIRECTORY) {
    results.push(movedDataDirectory(file, dataDirectory, context));
  }
  const copied = settings.filter(
    (setting) => !CREATECLUSTER_KEYS.has(setting.name) && rejectedBy15(setting),
  );
  results.push(
    ...copied
      .filter((setting) => setting.name !== 'stats_temp_directory')
      .map((setting) => rejected(file, setting, context)),
  );

  return results;
};

function movedDataDirectory(file: FileFact, setting: PgSetting, context: CheckContext): Diagnostic {
  return diagnostic(context, {
    code: CODE,
    severity: 'warning',
    subject: file.path,
    message: `data_directory is ${setting.value} instead of '${DEFAULT_DATA_DIRECTORY}', so the new PostgreSQL cluster is created there.`,
    fix: 'Make sure that location exists on a filesystem with room for a second copy of the database; the database-free-space check measures it.',
    location: { file: file.path, line: setting.line },
  });
}

function rejected(file: FileFact, setting: PgSetting, context: CheckContext): Diagnostic {
  return diagnostic(context, {
    code: CODE,
    severity: 'error',
    subject: file.path,
    message: `Line ${setting.line} sets ${setting.name} = ${setting.value}, which pg_createcluster copies into the new cluster's postgresql.conf and PostgreSQL 15 rejects, so the new cluster would not start.`,
    fix: `Remove or comment out line ${setting.line} before the upgrade.`,
    location: { file: file.path, line: setting.line },
  });
}
