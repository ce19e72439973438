/**
 * The version of how this lucheck fingerprints and encodes states: the compiled engine's
 * fingerprints (configuration seeds, context hashing), the reference engine's key hashing, and
 * the wire codec's records. A checkpoint and a distributed run in Redis hold fingerprints and
 * records made by one version; a lucheck of another version would not recognise them (a state
 * stored under the old fingerprint looks new under the new one, so it is counted twice, and its
 * successors explored again), so both refuse to go on from another version's.
 *
 * Bumped with every change to those formulas: `test/store/stateFormat.test.ts` pins a digest
 * of the fingerprints and records of several models on both engines, and fails until it is.
 * Version 1 was every lucheck before the compiled engine summed its configuration seeds over
 * the leaves (checkpoints written then carry no version).
 */
export const STATE_FORMAT = 2;
