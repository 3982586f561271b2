import cors from '@fastify/cors'
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify'
import type { DestinationStream, Logger } from 'pino'
import { loadConfig, type LoadConfigOptions } from './config/load.js'
import type { MacaronConfig } from './config/schema.js'
import { createLogger } from './observability/logger.js'
import { registerBuiltins } from './observability/builtin-routes.js'
import { requestIdOf } from './observability/request-id.js'
import { CrashReporter } from './observability/crash/reporter.js'
import { configuredReporters } from './observability/crash/reporters.js'
import { startMetricsServer } from './observability/metrics-endpoint.js'
import { Readiness } from './observability/readiness.js'
import type { Server } from 'node:http'
import { beginRequest, installRequestHooks } from './observability/request-hooks.js'
import { bindHandlers, BindingError } from './pipeline/bind.js'
import { registerBodyParsers } from './pipeline/body/parsers.js'
import { OperationRouter, ROUTER_OPTIONS } from './pipeline/operation-router.js'
import { lazyQuery } from './pipeline/lazy-query.js'
import type { MethodEntry } from './pipeline/routes.js'
import { installErrorStage, type ErrorSender } from './pipeline/error-stage.js'
import type { Handler } from './pipeline/handler-types.js'
import { collectOperations, type Operation } from './pipeline/operations.js'
import { basePathOf, toRoute } from './pipeline/paths.js'
import { clientErrorHandler } from './errors/client-error.js'
import { trackConnections } from './util/connections.js'
import { registerOperations } from './pipeline/routes.js'
import { prepareSecurity } from './pipeline/security/setup.js'
import type { VerifyFunction } from './pipeline/security/types.js'
import { SchemaStore } from './pipeline/schema-store.js'
import { formatProblem, loadApis, SpecError } from './spec/index.js'
import { routeClashes } from './spec/routes.js'
import { attachPersistence, type AppModel } from './persistence/attach.js'
import type { Store } from './persistence/store.js'
import type { LoadedApi } from './spec/types.js'
import { resolve } from 'node:path'
import { setCurrentProject } from './client/project.js'
import { servesApi } from './config/clients.js'
import { attachJobs } from './jobs/attach.js'
import type { Jobs } from './jobs/runtime.js'

export interface CreateAppOptions extends LoadConfigOptions {
  /** The project folder (macaron.yaml, apis/, src/handlers/). Default: the current folder. */
  dir?: string
  /** A configuration already loaded; otherwise it is read from `dir`. */
  config?: MacaronConfig
  /** Handlers by operationId; they win over x-bind-server and the handlers folder. */
  handlers?: Record<string, Handler>
  /** A pino logger to use, or false for none (tests). Default: from the config. */
  logger?: Logger | false
  /** Where the default logger writes its JSON lines (default: stdout). */
  logStream?: DestinationStream
  /** Verify functions of apiKey and basic schemes by scheme name; they win over security.verify in the config. */
  verify?: Record<string, VerifyFunction>
}

export interface MacaronApp {
  readonly config: MacaronConfig
  readonly apis: LoadedApi[]
  readonly operations: Operation[]
  /** operationIds that have no handler and answer 501. */
  readonly unbound: string[]
  /** The underlying Fastify instance, for plugins and `inject`. */
  readonly server: FastifyInstance
  /** Where /metrics is served when metrics.port is set, once listening. */
  readonly metricsUrl: string | undefined
  /** Checks behind /ready; subsystems add theirs at start-up. */
  readonly readiness: Readiness
  /** Where 5xx responses and failed tasks are reported (log, webhook, user function). */
  readonly crashes: CrashReporter
  /** The model class of every schema, by name (`app.models.Profile`); x-persist ones load and save. */
  readonly models: Record<string, AppModel>
  /** The persistence store, when a schema has x-persist. */
  readonly store: Store | undefined
  /** Background tasks: the queue of jobs.backend; `macaron worker` calls jobs.work() (docs/tasks.md). */
  readonly jobs: Jobs
  /**
   * Compiles now the stages that routes otherwise compile on their first request, and
   * throws an error listing every operation whose schemas cannot be compiled
   * (the test kit calls it; `macaron lint` does the same check).
   */
  compileAll(): void
  /** Starts listening; resolves to the base URL. */
  listen(options?: { port?: number; host?: string }): Promise<string>
  /** Stops accepting connections and waits for in-flight requests. */
  close(): Promise<void>
}

function noFastifySchemas(): never {
  throw new Error('Macaron gives Fastify no route schemas: a plugin that declares one (body, querystring, params, headers or response) cannot be used')
}

/** Builds a service from its OpenAPI documents and handlers. Everything is compiled here, once. */
export async function createApp(options: CreateAppOptions = {}): Promise<MacaronApp> {
  const config = options.config ?? loadConfig(options.dir ?? process.cwd(), options)
  const apis = await loadApis(resolve(config.dir, config.apis))
  const operations = apis.filter((api) => servesApi(config, api.name)).flatMap(collectOperations)
  const basePaths = new Map(apis.map((a) => [a.name, config.base_path ?? basePathOf(a.document.servers)]))
  const basePath = (op: Operation) => basePaths.get(op.api.name) ?? ''
  // Each operation's router path, once (graph-beta has 22,361): the clash check, the router and the built-in routes' check read it.
  const routes = new Map(operations.map((op) => [op, toRoute(basePath(op), op.path)]))
  const clashes = routeClashes(operations.map((op) => ({ api: op.api, method: op.method, path: op.path, route: routes.get(op)!.url })))
  if (clashes.length > 0) throw new SpecError(clashes)
  const bindings = await bindHandlers(operations, { dir: config.dir, handlersDir: config.handlers, ...(options.handlers ? { handlers: options.handlers } : {}) })
  if (bindings.problems.length > 0) throw new BindingError(bindings.problems)
  // What createClient() reads inside this app's requests (and, as the app created last, outside them).
  const project = { config, apis }
  const security = await prepareSecurity(config, operations, options.verify, project)
  const logger = options.logger === false ? createLogger({ ...config, log: { level: 'silent', pretty: false } }) : (options.logger ?? createLogger(config, options.logStream))

  let closing = false
  let metricsServer: Server | undefined
  let sendError: ErrorSender | undefined
  const server: FastifyInstance = Fastify({
    // No logger for Fastify itself: with one, it adds and removes two listeners on every
    // response for request logging, which Macaron does in its own hooks, where each request
    // gets its logger (request-hooks.ts). The instance's `log`, which plugins and Fastify's
    // own lines use, is the app's logger (set below).
    genReqId: requestIdOf,
    bodyLimit: config.body_limit,
    trustProxy: config.trust_proxy,
    requestTimeout: config.request_timeout_ms,
    return503OnClosing: false,
    // request.query is parsed when first read: the input stage reads the raw query string.
    routerOptions: { ...ROUTER_OPTIONS, querystringParser: lazyQuery },
    clientErrorHandler: clientErrorHandler(config.error_content_type),
    // Fastify's own refusals (a URL it cannot decode) leave as the one error body too.
    // These requests were refused before any hook ran, so they get their logger here.
    frameworkErrors: (error, request, reply) => sendError!(error, beginRequest(request, reply, logger), reply),
    // Macaron's own stages validate and serialise; Fastify is given no route schemas, so its
    // Ajv and fast-json-stringify compilers are never loaded (about 18 ms of every start).
    schemaController: { compilersFactory: { buildValidator: () => noFastifySchemas, buildSerializer: () => noFastifySchemas } },
  })
  server.log = logger as FastifyBaseLogger
  const connections = trackConnections(server.server)
  installRequestHooks(server, { logger, isClosing: () => closing, slowCallMs: config.slow_call_ms, metrics: config.metrics.enabled })
  const crashes = new CrashReporter(await configuredReporters(config, logger), config.crash_reports.max_per_minute, logger, { service: config.name, env: config.env }, Object.values(config.secrets))
  const router = new OperationRouter<MethodEntry>()
  sendError = installErrorStage(server, config.error_content_type, crashes, router)
  registerBodyParsers(server, { bodyLimit: config.body_limit })
  if (config.cors) {
    const c = config.cors
    await server.register(cors, {
      origin: c.origins === '*' ? '*' : c.origins,
      credentials: c.credentials,
      ...(c.methods ? { methods: c.methods } : {}),
      ...(c.headers ? { allowedHeaders: c.headers } : {}),
      exposedHeaders: c.expose_headers ?? ['x-request-id'],
      ...(c.max_age !== undefined ? { maxAge: c.max_age } : {}),
    })
  }

  const store = new SchemaStore({ warn: (message) => logger.warn(message) })
  for (const api of apis) store.addApi(api.name, api.document)
  const registered = registerOperations(server, operations, bindings.handlers, { store, basePath, route: (op) => routes.get(op)!, validateResponses: config.validate_responses, router, guards: security.guards, mock: config.mock })
  const getUrls = new Set(operations.filter((op) => op.method === 'GET').map((op) => routes.get(op)!.url))
  const readiness = new Readiness()
  const persistence = await attachPersistence(apis, config, readiness, logger)
  const jobs = await attachJobs({ config, readiness, log: logger, crashes })
  registerBuiltins(server, { config, apis, taken: (url) => getUrls.has(url), startedAt: new Date(), readiness, authenticate: security.authenticateBearer })

  // Documents that load but break a rule the router can live with (docs/spec.md).
  const specWarnings = apis.flatMap((api) => api.warnings ?? []).map(formatProblem)
  if (specWarnings.length > 0) logger.warn({ warnings: specWarnings }, `${specWarnings.length} warning(s) in the API documents:\n${specWarnings.join('\n')}`)
  const unbound = bindings.unbound.map((op) => op.operationId)
  if (unbound.length > 0 && config.mock) logger.info({ unbound }, `mock mode: ${unbound.length} operation(s) without a handler answer with examples from the spec`)
  else if (unbound.length > 0) logger.warn({ unbound }, `${unbound.length} operation(s) have no handler and answer 501 NOT_IMPLEMENTED: ${unbound.join(', ')}`)
  await server.ready()
  // Outside a request, createClient() without `dir` or `app` reads the app created last.
  setCurrentProject(project)

  return {
    config,
    apis,
    operations,
    unbound,
    server,
    readiness,
    crashes,
    models: persistence.models,
    store: persistence.store,
    jobs,
    compileAll() {
      const problems = registered.compileAll()
      if (problems.length > 0) throw new Error(`${problems.length} operation(s) cannot be compiled:\n${problems.join('\n')}`)
    },
    get metricsUrl() {
      const address = metricsServer?.address()
      return address && typeof address === 'object' ? `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}${config.metrics.path}` : undefined
    },
    async listen(opts = {}) {
      const host = opts.host ?? config.host
      if (config.metrics.enabled && config.metrics.port !== undefined) metricsServer = await startMetricsServer(config, host)
      const address = await server.listen({ port: opts.port ?? config.port, host })
      return address.replace('[::]', 'localhost').replace('0.0.0.0', 'localhost')
    },
    async close() {
      closing = true
      // Keep-alive and never-used connections would hold the server open until their
      // timeouts: close each as soon as it serves no request.
      const sweep = setInterval(() => connections.closeIdle(), 50)
      try {
        await server.close()
        await new Promise((resolve) => (metricsServer ? metricsServer.close(resolve) : resolve(undefined)))
        // No request can enqueue any more; the tasks may still use the store and report crashes.
        await jobs.close()
        await crashes.flush()
        await persistence.close()
      } finally {
        clearInterval(sweep)
      }
    },
  }
}
