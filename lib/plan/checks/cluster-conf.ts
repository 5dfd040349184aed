/**
 * Parser for `/etc/pmg/cluster.conf`: sections headed `master: CID` or
 * `node: CID` (a positive integer), each followed by indented `key value`
 * properties, ended by a blank line. PMG itself fails on a file with
 * sections but no master, so the parser reports that as a problem too.
 */

/** One section of cluster.conf. */
export interface ClusterNode {
  type: 'master' | 'node';
  cid: number;
  /** 1-based line of the section header. */
  line: number;
  properties: Record<string, string>;
}

export interface ClusterProblem {
  line: number;
  message: string;
}

export interface ClusterConf {
  nodes: ClusterNode[];
  problems: ClusterProblem[];
}

const HEADER = /^(node|master):\s*(\d+)\s*$/;
const PROPERTY = /^\s+(\S+)(?:\s+(.*?))?\s*$/;

/** Parses cluster.conf text, collecting every problem instead of stopping at the first. */
export function parseClusterConf(content: string): ClusterConf {
  const nodes: ClusterNode[] = [];
  const problems: ClusterProblem[] = [];
  let current: ClusterNode | null = null;

  content.split('\n').forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') {
      current = null;
      return;
    }
    if (raw.trimStart().startsWith('#')) {
      return;
    }

    const header = HEADER.exec(raw);
    if (header) {
      current = {
        type: header[1] as ClusterNode['type'],
        cid: Number(header[2]),
        line,
        properties: {},
      };
      nodes.push(current);
      return;
    }

    const property = PROPERTY.exec(raw);
    if (property && current) {
      (current as ClusterNode).properties[property[1]] = property[2] ?? '';
      return;
    }

    const reason = property
      ? 'a property outside any section'
      : 'neither a `master: CID` or `node: CID` header nor an indented property';
    problems.push({ line, message: `line ${line} is ${reason}: ${JSON.stringify(raw)}` });
  });

  problems.push(...structureProblems(nodes));

  return { nodes, problems };
}

function structureProblems(nodes: ClusterNode[]): ClusterProblem[] {
  const problems: ClusterProblem[] = [];
  const seen = new Map<number, number>();

  for (const node of nodes) {
    if (node.cid < 1) {
      problems.push({
        line: node.line,
        message: `section at line ${node.line} has cluster id ${node.cid}; ids start at 1`,
      });
    }
    const earlier = seen.get(node.cid);
    if (earlier !== undefined) {
      problems.push({
        line: node.line,
        message: `cluster id ${node.cid} at line ${node.line} repeats the section at line ${earlier}`,
      });
    }
    seen.set(node.cid, node.line);
    if (!node.properties.name) {
      problems.push({
        line: node.line,
        message: `section ${node.type}: ${node.cid} at line ${node.line} has no name`,
      });
    }
  }

  const masters = nodes.filter((node) => node.type === 'master');
  if (nodes.length > 0 && masters.length === 0) {
    problems.push({
      line: nodes[0].line,
      message: 'the file has node sections but no master section',
    });
  }
  if (masters.length > 1) {
    problems.push({
      line: masters[1].line,
      message: `the file has ${masters.length} master sections; a cluster has one`,
    });
  }

  return problems;
}
