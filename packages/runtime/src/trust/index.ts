// Signed model weights: keys, signature files, signing and verification (docs/security.md).
export { type DigestAlgorithm, type FileDigest, FileDigests, hashFile } from './file-digests.js';
export { generateKeyPair, KeyError, keyId, parsePrivateKey, parsePublicKey, type PrivateKey, type PublicKey, readPrivateKey, readPublicKey } from './keys.js';
export { manifestOf, signaturePathOf, signFile } from './sign-file.js';
export { formatSignatureFile, MalformedSignatureError, type Manifest, manifestBytes, parseSignatureFile, SIGNATURE_DOMAIN, type SignatureFile } from './signature-file.js';
export { ModelVerificationError, SignedModels, type VerifiedModel } from './signed-models.js';
export { short, type Verification, VerificationFailure, verifyFile } from './verify-file.js';
