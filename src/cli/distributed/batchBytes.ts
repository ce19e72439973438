// What the distributed search keeps in Redis, as bytes: a batch of candidate states (a
// `ValueQueueData` written with the wire codec, so it carries the dictionary its reader needs)
// and a partition's level of stored states (fingerprints and trace links). Both go through V8's
// structured serialisation (typed arrays as their bytes) and raw deflate at its fastest level:
// states are mostly small numbers held as float64, which deflate shrinks several times over.
import { deserialize, serialize } from 'node:v8';
import { constants, deflateRawSync, inflateRawSync } from 'node:zlib';
import type { ValueQueueData } from '../../store/ValueQueue.ts';
import type { StoredLevel } from '../../search/partitionedBfs.ts';

const pack = (value: unknown): Buffer => deflateRawSync(serialize(value), { level: constants.Z_BEST_SPEED });
const unpack = (bytes: Buffer): unknown => deserialize(inflateRawSync(bytes));

export function encodeBatch(batch: ValueQueueData): Buffer {
  if (batch.opaque.length > 0) throw new Error('a state holds a value that is not plain data: it cannot be sent to another process');
  return pack(batch);
}

export function decodeBatch(bytes: Buffer): ValueQueueData {
  return unpack(bytes) as ValueQueueData;
}

export function encodeStoredLevel(level: StoredLevel): Buffer {
  return pack(level);
}

export function decodeStoredLevel(bytes: Buffer): StoredLevel {
  return unpack(bytes) as StoredLevel;
}
