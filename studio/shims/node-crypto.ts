// Browser stand-in for `node:crypto`. The studio's worker only runs `compilePack` with checkOnly,
// which never hashes or signs; these exist so the transitive import of emit/canonical resolves.
const unavailable = (name: string) => (): never => {
  throw new Error(`node:crypto ${name} is not available in the browser studio (build artifacts with the CLI or the server)`);
};
export const createHash = unavailable('createHash');
export const createPublicKey = unavailable('createPublicKey');
export const createPrivateKey = unavailable('createPrivateKey');
export const verify = unavailable('verify');
export const sign = unavailable('sign');
export const generateKeyPairSync = unavailable('generateKeyPairSync');
export const randomBytes = unavailable('randomBytes');
export default { createHash, createPublicKey, createPrivateKey, verify, sign, generateKeyPairSync, randomBytes };
