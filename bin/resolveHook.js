// Module resolution hook: a model file anywhere on disk may `import ... from 'lucheck'` or
// from 'xstate' without installing them next to it. When ordinary resolution from the model's
// own folder fails for those names, they resolve from this lucheck installation instead.
const SHARED = /^(lucheck|xstate)(\/.*)?$/;

export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (error) {
    if (!SHARED.test(specifier) || error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
    return next(specifier, { ...context, parentURL: new URL('./lucheck.js', import.meta.url).href });
  }
}
