/**
 * The parts kept apart (npm run lint): no import cycles; shared/ is pure (no service/, addin/ or Node
 * built-ins, test files excepted); the service and the add-in never import each other; the service's
 * routes reach merges through its use cases, and its store decides no merge.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle: move what both sides need into a lower module.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'shared-is-pure',
      severity: 'error',
      comment: 'shared/ runs in the service, the task pane, the browser page and a Web Worker.',
      from: { path: '^shared/', pathNot: '\\.test\\.ts$' },
      to: { path: '^(service|addin)/' },
    },
    {
      name: 'shared-has-no-node',
      severity: 'error',
      comment: 'shared/ runs in the browser: no Node built-ins.',
      from: { path: '^shared/', pathNot: '\\.test\\.ts$' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'service-not-addin',
      severity: 'error',
      from: { path: '^service/' },
      to: { path: '^addin/' },
    },
    {
      name: 'addin-not-service',
      severity: 'error',
      from: { path: '^addin/' },
      to: { path: '^service/' },
    },
    {
      name: 'routes-call-use-cases',
      severity: 'error',
      comment: 'HTTP routes reach merges and workbook writers through service/src/usecases/.',
      from: { path: '^service/src/http/' },
      to: { path: '^service/src/consolidate/' },
    },
    {
      name: 'store-persists-only',
      severity: 'error',
      comment:
        'The store persists and reads; merge and conflict decisions live in consolidate/ and the use cases (only the conflict types are shared).',
      from: { path: '^service/src/store/' },
      to: {
        path: '^service/src/(consolidate|usecases)/',
        pathNot: '^service/src/consolidate/conflicts\\.ts$',
      },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
    },
  },
};
