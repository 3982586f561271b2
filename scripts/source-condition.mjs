// Module hook used in a checkout of Macaron: `import 'macaron'` resolves to src/*.ts (the
// "macaron-source" export condition), so examples and the framework share one copy of
// every module (one AsyncLocalStorage, one error registry).
export async function resolve(specifier, context, next) {
  const conditions = context.conditions.includes('macaron-source')
    ? context.conditions
    : [...context.conditions, 'macaron-source']
  return next(specifier, { ...context, conditions })
}
