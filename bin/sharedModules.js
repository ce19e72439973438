// CommonJS model files (`require('lucheck')`, `require('xstate')`, `module.exports = ...`) in
// folders that have neither installed: their `require` of those names gets this lucheck's own
// instances, the very modules the engine runs on (a second copy of xstate would make its
// machines and built-in guards strangers to the engine). A folder that installs its own keeps
// it. Node 20's module hooks (`module.register`) reach only `import`, so this is done where
// CommonJS resolves, in `Module._load`.
import Module from 'node:module';

/** Makes `require(name)` fall back to `instances[name]` where ordinary resolution finds nothing. */
export function shareWithCommonJs(instances) {
  const load = Module._load;
  Module._load = function (request, parent, isMain) {
    if (!Object.hasOwn(instances, request)) return load.call(this, request, parent, isMain);
    try {
      return load.call(this, request, parent, isMain);
    } catch (error) {
      if (error?.code !== 'MODULE_NOT_FOUND') throw error;
      return instances[request];
    }
  };
}
