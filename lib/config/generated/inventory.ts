// Generated from the JSON Schema by `npm run gen` (json-schema-to-typescript).
// Do not edit: change the schema and run `npm run gen` again.

/**
 * How pmgup reaches the host over SSH: `[user@]host[:port]`, with an IPv6 address in brackets when a port follows. The host may be an alias from the ssh config.
 *
 * This interface was referenced by `Inventory`'s JSON-Schema
 * via the `definition` "address".
 */
export type Address = string;
/**
 * Name of a group or cluster in the plan.
 *
 * This interface was referenced by `Inventory`'s JSON-Schema
 * via the `definition` "groupName".
 */
export type GroupName = string;
/**
 * A node name as cluster.conf lists it (the `name` of a `master:` or `node:` section), which is the node's hostname.
 *
 * This interface was referenced by `Inventory`'s JSON-Schema
 * via the `definition` "nodeName".
 */
export type NodeName = string;
/**
 * Name of the host in the plan; action ids start with it.
 *
 * This interface was referenced by `Inventory`'s JSON-Schema
 * via the `definition` "hostName".
 */
export type HostName = string;

/**
 * The mail gateways one plan covers: single hosts, groups of independent hosts, and PMG clusters given by any one of their members. Independent hosts and clusters are applied in parallel; the members of a cluster one at a time.
 */
export interface Inventory {
  /**
   * Single hosts, each planned and applied on its own.
   *
   * @minItems 1
   */
  host?: Host[];
  /**
   * Named lists of independent hosts. The name only labels the hosts in the plan; they are applied in parallel like single hosts.
   *
   * @minItems 1
   */
  group?: Group[];
  /**
   * PMG clusters. pmgup probes the member given, reads /etc/pmg/cluster.conf there to find the others, and probes them too.
   *
   * @minItems 1
   */
  cluster?: Cluster[];
}
/**
 * One host.
 *
 * This interface was referenced by `Inventory`'s JSON-Schema
 * via the `definition` "host".
 */
export interface Host {
  address: Address;
  /**
   * Name of the host in the plan. Default: the address without the user, and without the port when it is 22 or left out.
   */
  name?: string;
}
/**
 * A named list of independent hosts.
 *
 * This interface was referenced by `Inventory`'s JSON-Schema
 * via the `definition` "group".
 */
export interface Group {
  name: GroupName;
  /**
   * @minItems 1
   */
  hosts: Host[];
}
/**
 * A PMG cluster given by one of its members.
 *
 * This interface was referenced by `Inventory`'s JSON-Schema
 * via the `definition` "cluster".
 */
export interface Cluster {
  name: GroupName;
  /**
   * How pmgup reaches the host over SSH: `[user@]host[:port]`, with an IPv6 address in brackets when a port follows. The host may be an alias from the ssh config.
   */
  member: string;
  /**
   * Node names in the order the members are upgraded. Members left out follow in the default order: the master first, then the nodes by ascending cluster id.
   */
  order?: NodeName[];
  /**
   * Per member, by node name: the address pmgup reaches it at, when root@ its cluster.conf `ip` is not right (another user or port, an ssh config alias, a forwarded port).
   */
  nodes?: {
    [k: string]: {
      address: Address;
    };
  };
}
