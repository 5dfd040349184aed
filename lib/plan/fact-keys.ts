/**
 * Fact keys: dotted paths into HostFacts that name what an action was planned
 * from. Map entries and array elements are selected in brackets, array
 * elements by their identity (`path` for files, conffiles and disks,
 * `VERSION/NAME` for PostgreSQL clusters, `name` for template overrides and
 * interfaces): `units[postfix.service]`, `postgres.clusters[15/main].databases`.
 * A saved plan stores a fingerprint of each key (lib/planfile/fingerprint.ts
 * resolves and hashes them) and apply refuses it when one of them changed,
 * so the builders here must produce the same key for the same fact every time.
 */

export const factKey = {
  unit: (name: string) => `units[${name}]`,
  package: (name: string) => `packages[${name}]`,
  aptFile: (path: string) => `apt.files[${path}]`,
  conffile: (path: string) => `conffiles[${path}]`,
  /**
   * The databases of a cluster, not the whole cluster fact: its `sizeBytes`
   * grows with every mail, which would make every saved plan stale.
   */
  clusterDatabases: (version: number, name: string) => `postgres.clusters[${version}/${name}].databases`,
  templateOverride: (name: string) => `pmg.templateOverrides[${name}]`,
  /** The fields the pinning decision reads; addresses may change under DHCP without mattering. */
  interfaceNaming: (name: string) => [`network.interfaces[${name}].mac`, `network.interfaces[${name}].predictableName`],
};
