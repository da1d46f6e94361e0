import { createPrivateKey, createSign, type KeyObject } from 'node:crypto';
import * as common from 'oci-common';
import * as sshpk from 'sshpk';

/** The SDK signer's field for the key it last took from the provider, re-encoded as PEM (private in its typings). */
const PARSED_KEY_FIELD = 'privateKeyBuffer';

/**
 * An sshpk key whose RSA signatures are made with a Node KeyObject: Node parses a key given as
 * bytes again for every signature (about 1 ms for a 2048-bit key, twice per event), a KeyObject once.
 * The signatures are the same bytes (RSA PKCS#1 v1.5 is deterministic).
 */
function keyForSigning(pem: Buffer): sshpk.PrivateKey {
  const key = sshpk.parsePrivateKey(pem, 'pem');
  // `type` is missing from the typings oci-common brings (@types/sshpk 1.10).
  if ((key as unknown as { type: string }).type !== 'rsa') return key;
  const keyObject: KeyObject = createPrivateKey({ key: pem, format: 'pem' });
  // http-signature asks for no particular hash: sshpk's default for RSA keys is sha256.
  key.createSign = (hashAlgorithm: string = 'sha256') => {
    const signing = createSign(`RSA-${hashAlgorithm.toUpperCase()}`);
    return {
      update: (chunk: string | Buffer) => {
        signing.update(chunk);
      },
      sign: () => Object.assign(sshpk.Signature.parse(signing.sign(keyObject), 'rsa', 'asn1'), { hashAlgorithm }),
    } as unknown as sshpk.Signer;
  };
  return key;
}

/**
 * The SDK's own request signer, unchanged in what it signs and how it takes the key: before every
 * request it asks the provider for the key and re-parses it when its text changed (a rotated
 * resource-principal key), storing it as PEM bytes, which http-signature then parses again for
 * every request. Here that store keeps the key parsed once instead, in a form Node signs with
 * directly; it is replaced whenever the SDK replaces the key, so nothing outlives the SDK's refresh.
 */
export function createRequestSigner(provider: common.AuthenticationDetailsProvider): common.RequestSigner {
  const signer = new common.DefaultRequestSigner(provider);
  const fields = signer as unknown as Record<string, unknown>;
  let key: sshpk.PrivateKey | null = null;
  const store = (pem: unknown) => {
    key = Buffer.isBuffer(pem) ? keyForSigning(pem) : null;
  };
  store(fields[PARSED_KEY_FIELD]);
  Object.defineProperty(signer, PARSED_KEY_FIELD, { get: () => key, set: store, enumerable: true, configurable: true });
  return signer;
}
