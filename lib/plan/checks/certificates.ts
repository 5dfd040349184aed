/**
 * Key sizes of PMG's certificates (pmg7to8 check 13): OpenSSL in Debian 12
 * rejects RSA keys below 2048 bits and EC keys below 224 bits at its
 * default security level. pmg7to8 always prints "2048", even for an EC key,
 * and warns twice when the type is missing. Here the message names the
 * limit for the key's type, and an unknown type is one warning.
 */
import type { CertificateFact } from '../../probe/facts.js';
import type { Check, Finding } from './context.js';
import { diagnostic } from './context.js';

const CODE = 'certificate-key';
const MINIMUM_BITS: Record<string, number> = { rsa: 2048, ec: 224 };

/** Reports each certificate's public key against the minimum for its type. */
export const checkCertificates: Check = (facts, _desired, context) => {
  if (facts.certificates.length === 0) {
    return [
      diagnostic(context, {
        code: CODE,
        severity: 'skip',
        subject: '/etc/pmg/pmg-api.pem',
        message: 'No readable PMG certificate was found.',
      }),
    ];
  }

  return facts.certificates.map((certificate) =>
    diagnostic(context, {
      subject: certificate.path,
      location: { file: certificate.path },
      ...keyFinding(certificate),
    }),
  );
};

function keyFinding(certificate: CertificateFact): Omit<Finding, 'subject'> {
  const type = normalizeType(certificate.keyType);
  const minimum = type === null ? undefined : MINIMUM_BITS[type];

  if (type === 'ed25519' || type === 'ed448') {
    return {
      code: CODE,
      severity: 'pass',
      message: `The ${type} key has a fixed size that OpenSSL accepts.`,
    };
  }
  if (type === null || minimum === undefined || certificate.keyBits === null) {
    const found = `type ${JSON.stringify(certificate.keyType)}, ${certificate.keyBits === null ? 'unknown size' : `${certificate.keyBits} bits`}`;
    return {
      code: CODE,
      severity: 'warning',
      message: `pmgup cannot judge the key (${found}).`,
      fix: `Check it with \`openssl x509 -noout -text -in ${certificate.path}\`: RSA needs at least 2048 bits, EC at least 224.`,
    };
  }
  if (certificate.keyBits < minimum) {
    return {
      code: CODE,
      severity: 'error',
      message: `The ${type.toUpperCase()} key has ${certificate.keyBits} bits; OpenSSL in Debian 12 requires at least ${minimum}.`,
      fix: `Replace the certificate with one that has a stronger key${regenerateHint(certificate.path)}, then plan again.`,
    };
  }

  return {
    code: CODE,
    severity: 'pass',
    message: `The ${type.toUpperCase()} key has ${certificate.keyBits} bits (at least ${minimum}).`,
  };
}

function regenerateHint(path: string): string {
  if (path.endsWith('/pmg-api.pem')) {
    return ' (`pmgconfig apicert --force` makes a new self-signed one)';
  }
  if (path.endsWith('/pmg-tls.pem')) {
    return ' (`pmgconfig tlscert --force` makes a new self-signed one)';
  }

  return '';
}

/** Maps OpenSSL's names (`rsaEncryption`, `id-ecPublicKey`, `ED25519`) to `rsa`, `ec`, `ed25519`. */
function normalizeType(type: string | null): string | null {
  if (type === null) {
    return null;
  }

  const lower = type.toLowerCase();
  if (lower === 'rsa' || lower === 'rsaencryption') {
    return 'rsa';
  }
  if (lower === 'ec' || lower === 'id-ecpublickey') {
    return 'ec';
  }

  return lower;
}
