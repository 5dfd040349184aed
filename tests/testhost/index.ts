/**
 * TypeScript API of the test-host harness: boot a Debian 11 PMG 7 test host,
 * run commands on it over SSH, reboot it and take it down. See README.md in
 * this folder.
 */
export {
  bootHost,
  bootHostForTest,
  type AfterHookContext,
  type BootOptions,
  type HostExecOptions,
  type HostInfo,
  type TestHost,
} from './host.js';
export { standinHosts, upstreamHosts } from './proxy.js';
export { stopHost } from './teardown.js';
export { repositoryId, repositoryUris } from './repo.js';
export {
  readRuledbChecksums,
  ruledbChecksumSql,
  ruledbExpectedRows,
  type CommandRunner,
  type RuledbTable,
  type TableChecksum,
} from './ruledb.js';
export type { CommandResult } from './run.js';
export { sshArgs, type SshTarget } from './ssh.js';
export { standinVersions } from './standins.js';
export { backends, listHostNames, readHostState, type Backend, type HostState } from './state.js';
export { describeVariant, variantNames, type VariantName } from './variants.js';
