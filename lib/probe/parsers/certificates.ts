/**
 * Parser for the `certificates` section: for each PMG certificate file a
 * `cert PATH yes|no` line, then the key lines the script kept from
 * `openssl x509 -noout -text` ("Public Key Algorithm: rsaEncryption",
 * "RSA Public-Key: (2048 bit)" on OpenSSL 1.1, "Public-Key: (2048 bit)" on 3).
 */
import type { CertificateFact } from '../facts.js';
import { contentLines, reject, splitTag } from '../records.js';
import type { Section } from '../sections.js';
import { yesNo } from './system.js';

const KEY_TYPES: Record<string, string> = {
  rsaEncryption: 'rsa',
  'id-ecPublicKey': 'ec',
  ED25519: 'ed25519',
  ED448: 'ed448',
  dsaEncryption: 'dsa',
};

/** Parses the `certificates` section; files that do not exist are left out. */
export function parseCertificates(section: Section): CertificateFact[] {
  const certificates: CertificateFact[] = [];
  let current: CertificateFact | null = null;

  for (const line of contentLines(section)) {
    const { tag, rest } = splitTag(line);
    const cert = /^(\/\S+) (yes|no)$/.exec(rest);
    if (tag === 'cert' && cert) {
      current = { path: cert[1], keyType: null, keyBits: null };
      if (yesNo(section, cert[2])) {
        certificates.push(current);
      }
      continue;
    }
    if (tag !== 'key' || current === null) {
      return reject(section, line, '"cert PATH yes|no", then "key ..." lines from openssl');
    }

    readKeyLine(rest, current);
  }

  return certificates;
}

function readKeyLine(text: string, certificate: CertificateFact): void {
  const algorithm = /^Public Key Algorithm: (\S+)$/.exec(text);
  if (algorithm) {
    certificate.keyType = KEY_TYPES[algorithm[1]] ?? algorithm[1].toLowerCase();
    return;
  }

  const bits = /Public-Key: \((\d+) bit\)$/.exec(text);
  if (bits) {
    certificate.keyBits = Number(bits[1]);
  }
}
