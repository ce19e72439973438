// A worker thread of the shared-visited-set test (test/parallel/parallel.test.ts): registers tsx
// in this thread (as bin/lucheckWorker.js does), waits for the go signal, adds its stream of
// fingerprints to the shared set and answers which of them were new.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { SharedFingerprintSet } = await import('../../src/store/SharedFingerprintSet.ts');
const set = new SharedFingerprintSet(workerData.buffer);
const go = new Int32Array(workerData.go);
const fps = workerData.fingerprints;
const fresh = new Uint8Array(fps.length / 2);
Atomics.add(go, 1, 1);
Atomics.wait(go, 0, 0);
for (let k = 0; k < fresh.length; k++) fresh[k] = set.add(fps[2 * k], fps[2 * k + 1]) ? 1 : 0;
parentPort.postMessage(fresh);
