// The layer rules of server/README.md, checked in `npm run lint`. Domain code is every file in a
// server/<domain>/ folder but its route and plugin files: it talks to the database and to shared/,
// never to the web layer (plugins/, web/, Fastify). Route and plugin files are left out of the
// cruise, so the folder-cycle rule sees only the domain code's imports between folders.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-imports-no-web-layer',
      comment:
        'Domain code (services, repositories, rules) must not import server/plugins/, server/web/ or Fastify: ' +
        'answer a Result (shared/result.ts) and let the route turn it into a page; take interfaces from shared/.',
      severity: 'error',
      from: { path: '^server/[^/]+/', pathNot: '^server/(plugins|web)/' },
      to: { path: ['^server/(plugins|web)/', '^node_modules/(fastify|fastify-plugin|@fastify/[^/]+)/'] },
    },
    {
      name: 'no-folder-cycles',
      comment:
        "Two folders' domain code import each other in a circle: one of them must own the rule, or a small third module.",
      severity: 'error',
      scope: 'folder',
      from: { path: '^server/' },
      to: { path: '^server/', circular: true },
    },
  ],
  options: {
    // Route and plugin files are the web layer: they may import any domain. app.ts, server.ts and
    // types.ts put the web layer together, and db/schema.ts gathers every domain's row types into
    // the one Database type: composition roots, which import every folder by design.
    exclude: {
      path: '(^|/)([a-z-]*routes|[a-z-]*plugin)\\.ts$|^server/(app|server|types)\\.ts$|^server/db/schema\\.ts$',
    },
    doNotFollow: { path: ['node_modules', '^server/(plugins|web)/'] },
    includeOnly: ['^server/', '^node_modules/(fastify|fastify-plugin|@fastify)'],
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
