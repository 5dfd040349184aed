/**
 * The PostgreSQL settings that fix-template removes from a postgresql.conf.in
 * override, and the line filter that both the plan's diff and apply's
 * rewrite use, so the plan shows exactly the file apply writes.
 */

/** Settings PostgreSQL 15 rejects that the plan removes from the override. */
export const OBSOLETE_SETTINGS: readonly string[] = ['stats_temp_directory'];

/** Name of the template PMG renders PostgreSQL's postgresql.conf from. */
export const POSTGRES_TEMPLATE = 'postgresql.conf.in';

/** Returns the setting name an active line sets, or null for comments, blank and other lines. */
function settingOf(line: string): string | null {
  const match = /^\s*([A-Za-z_][A-Za-z0-9_.]*)\s*(=|\s)/.exec(line);

  return match === null ? null : match[1]!;
}

/** Returns the obsolete settings the override sets on an active line. */
export function obsoleteSettingsIn(content: string): string[] {
  const set = new Set(content.split('\n').map(settingOf));

  return OBSOLETE_SETTINGS.filter((setting) => set.has(setting));
}

/** Returns the content without the lines that set one of `settings`. Every other line stays byte for byte. */
export function removeSettings(content: string, settings: readonly string[]): string {
  const names = new Set(settings);

  return content
    .split('\n')
    .filter((line) => {
      const name = settingOf(line);

      return name === null || !names.has(name);
    })
    .join('\n');
}
