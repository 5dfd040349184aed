/**
 * The desired state after loading: every default applied and every unit
 * name carrying its suffix. The plan core reads only this type, never the
 * raw TOML.
 */
import type { DesiredState } from './generated/desired-state.js';

type DeepRequired<T> = T extends readonly (infer U)[]
  ? DeepRequired<U>[]
  : T extends object
    ? { [K in keyof T]-?: DeepRequired<T[K]> }
    : T;

/** Desired state with defaults applied; `apt.pmg_uri` stays optional because its default depends on the host. */
export type Desired = Omit<DeepRequired<DesiredState>, 'apt'> & {
  apt: Omit<DeepRequired<NonNullable<DesiredState['apt']>>, 'pmg_uri'> & { pmg_uri?: string };
};

export type { DesiredState };
