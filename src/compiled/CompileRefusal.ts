/**
 * Why the compiled path cannot take a machine: the construct, named. `check` then runs the
 * machine on the reference adapter (`--engine auto`) or stops with a usage error
 * (`--engine compiled`).
 */
export class CompileRefusal extends Error {
  constructor(readonly construct: string) {
    super(`the compiled path does not support ${construct}`);
    this.name = 'CompileRefusal';
  }
}
