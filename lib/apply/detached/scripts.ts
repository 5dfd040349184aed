/**
 * Scripts for long steps that run as transient systemd units, detached from
 * the connection: a runner that records its output, exit status and times
 * on the host, the command that starts it, and the reads that find and
 * follow such units later. All files live in /var/lib/pmgup/logs, readable
 * by root only: `UNIT.sh` (the runner), `UNIT.log` (output), `UNIT.status`
 * (`EXIT STARTED ENDED`, epoch seconds, written once the body has ended).
 */
import { shellQuote } from '../../transport/quote.js';
import { JOURNAL_PATH, LOG_DIR, STATE_DIR } from '../commands/shell.js';

/** Returns the unit name of a long step: `pmgup-<plan id>-<kind>`, without `.service`. */
export function detachedUnitName(planId: string, kind: string): string {
  return `pmgup-${planId}-${kind}`;
}

/** Returns the step kind part of a unit name pmgup made, or null for another name. */
export function kindOfUnit(unit: string): string | null {
  return /^pmgup-[0-9a-f]+-([a-z0-9-]+)$/.exec(unit)?.[1] ?? null;
}

export const unitFiles = (unit: string) => ({
  runner: `${LOG_DIR}/${unit}.sh`,
  log: `${LOG_DIR}/${unit}.log`,
  status: `${LOG_DIR}/${unit}.status`,
});

/** What the runner needs to know besides the step's body. */
export interface RunnerSpec {
  unit: string;
  planId: string;
  actionId: string;
  body: string;
}

/**
 * Returns the runner script. It sends all output to the log, runs the body
 * in a subshell (so a guard's `exit` ends only the body), then writes the
 * status file and notes the start and the exit status in the journal
 * itself, so the record exists even when no apply is connected.
 */
export function runnerScript(spec: RunnerSpec): string {
  const files = unitFiles(spec.unit);
  const note = `'{"time":"%s","planId":%s,"actionId":%s,"event":"note","detail":"%s"}\\n'`;

  return [
    '#!/bin/sh',
    `# Written by pmgup: one long step of plan ${spec.planId}, run as ${spec.unit}.service.`,
    'umask 077',
    `exec >>${shellQuote(files.log)} 2>&1 </dev/null`,
    'pmgup_note() {',
    `  printf ${note} "$(date -u +%Y-%m-%dT%H:%M:%SZ)" ${shellQuote(JSON.stringify(spec.planId))} ${shellQuote(
      JSON.stringify(spec.actionId),
    )} "$1" >> ${JOURNAL_PATH}`,
    '}',
    `pmgup_note ${shellQuote(`detached unit ${spec.unit} started`)}`,
    'started=$(date +%s)',
    '(',
    spec.body,
    ')',
    'status=$?',
    `printf '%s %s %s\\n' "$status" "$started" "$(date +%s)" > ${shellQuote(`${files.status}.tmp`)}`,
    `mv -f -- ${shellQuote(`${files.status}.tmp`)} ${shellQuote(files.status)}`,
    `pmgup_note "detached unit ${spec.unit} exited with status $status"`,
    'exit "$status"',
    '',
  ].join('\n');
}

/**
 * Returns the script that starts the unit; send the runner as its
 * standard input. A log left by an earlier run of the same unit name that
 * died without a status is moved aside rather than appended to.
 */
export function startScript(unit: string, description: string): string {
  const files = unitFiles(unit);

  return [
    'set -eu',
    'umask 077',
    `install -d -m 0700 ${STATE_DIR} ${LOG_DIR}`,
    `cat > ${shellQuote(files.runner)}`,
    `rm -f -- ${shellQuote(files.status)}`,
    `[ ! -e ${shellQuote(files.log)} ] || mv -f -- ${shellQuote(files.log)} ${shellQuote(files.log)}.$(date +%s)`,
    `: > ${shellQuote(files.log)}`,
    `systemd-run --unit=${shellQuote(unit)} --collect --quiet --description=${shellQuote(description)} /bin/sh ${shellQuote(files.runner)}`,
  ].join('\n');
}

/** Prefix of each line of listRunsScript's output. */
export const RUN_MARKER = 'pmgup-run';

/** Returns the script that lists every unit with a log: `pmgup-run UNIT ACTIVESTATE STATUS` (`-` when none). */
export function listRunsScript(): string {
  return [
    `cd ${LOG_DIR} 2>/dev/null || exit 0`,
    'for log in pmgup-*.log; do',
    '  [ -e "$log" ] || continue',
    '  unit=${log%.log}',
    '  state=$(systemctl show --property=ActiveState --value -- "$unit.service" 2>/dev/null || echo unknown)',
    '  status=-',
    '  if [ -f "$unit.status" ]; then status=$(tr \' \' , < "$unit.status"); fi',
    `  printf '${RUN_MARKER} %s %s %s\\n' "$unit" "\${state:-unknown}" "$status"`,
    'done',
  ].join('\n');
}

/** Bytes of log one poll returns at most. */
export const POLL_CHUNK_BYTES = 64 * 1024;

/** Prefix of the first line of pollScript's output. */
export const POLL_MARKER = 'pmgup-poll';

/**
 * Returns the script that reads a unit's state, status and log size, then
 * up to POLL_CHUNK_BYTES of log from byte `offset` as base64 on the next
 * line (base64, because a chunk can end inside a UTF-8 character).
 */
export function pollScript(unit: string, offset: number): string {
  const files = unitFiles(unit);
  const log = shellQuote(files.log);

  return [
    `state=$(systemctl show --property=ActiveState --value -- ${shellQuote(`${unit}.service`)} 2>/dev/null || echo unknown)`,
    'status=-',
    `if [ -f ${shellQuote(files.status)} ]; then status=$(tr ' ' , < ${shellQuote(files.status)}); fi`,
    `size=$(stat -c %s -- ${log} 2>/dev/null || echo 0)`,
    `printf '${POLL_MARKER} %s %s %s\\n' "\${state:-unknown}" "$status" "$size"`,
    `tail -c +${offset + 1} -- ${log} 2>/dev/null | head -c ${POLL_CHUNK_BYTES} | base64 -w 0`,
    'echo',
  ].join('\n');
}
