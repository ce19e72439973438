import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { UsageError, shortValue } from '../model/errors.ts';
import { loadCheckpoint, type CheckpointIdentity, type SavedSearch } from './checkpointFiles.ts';
import { modelFileOf } from './reporters.ts';
import { STATE_FORMAT } from '../store/stateFormat.ts';

/** The SHA-256 of the text of the file a loaded model comes from: a run that goes on from a saved or shared one must have the same. */
export function modelFileHash(ref: string): string {
  return createHash('sha256').update(readFileSync(modelFileOf(ref))).digest('hex');
}

/** A checkpoint's identity: the model (its file's text hashed), the run, and how this lucheck fingerprints states. */
export function checkpointIdentity(loaded: { ref: string }, r: { run: string; command: string }): CheckpointIdentity {
  return { model: loaded.ref, modelHash: modelFileHash(loaded.ref), run: r.run, command: r.command, stateFormat: STATE_FORMAT };
}

/** The search saved in `dir`, when it was taken of this very run; a usage error saying what differs otherwise. */
export function resumeFrom(dir: string, cwd: string, identity: CheckpointIdentity): SavedSearch {
  const saved = loadCheckpoint(dir, cwd);
  const was = saved.identity;
  const format = was.stateFormat ?? 1;
  if (format !== identity.stateFormat) throw new UsageError(`--resume ${dir}: the checkpoint was written by a lucheck that fingerprints states differently (state format ${format} then, ${identity.stateFormat} now), so its visited set cannot be read; start the run again without --resume, or resume with the lucheck that wrote it`);
  const differs = was.model !== identity.model ? `model ${was.model} then, ${identity.model} now` : was.modelHash !== identity.modelHash ? 'the model file has changed since' : was.run !== identity.run ? runDifference(was.run, identity.run) : undefined;
  if (differs !== undefined) throw new UsageError(`--resume ${dir}: the checkpoint is of another run (${differs}); go on with: ${was.command} --resume ${dir}`);
  return saved.saved;
}

/** The parameters and options in which two runs' identities differ, as `size 60 then, 61 now`. */
export function runDifference(then: string, now: string): string {
  const flat = (text: string): Map<string, string> => {
    let parsed: { params?: Record<string, unknown> };
    try {
      parsed = JSON.parse(text) as { params: Record<string, unknown> };
    } catch {
      return new Map([['parameters and options', text]]);
    }
    const { params = {}, ...options } = parsed;
    return new Map([...Object.entries(params).map(([k, v]) => [`parameter ${k}`, JSON.stringify(v)] as const), ...Object.entries(options).map(([k, v]) => [k, JSON.stringify(v)] as const)]);
  };
  const [a, b] = [flat(then), flat(now)];
  const keys = [...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k));
  return keys.map((k) => `${k}: ${shortValue(a.get(k) ?? 'unset')} then, ${shortValue(b.get(k) ?? 'unset')} now`).join('; ');
}
