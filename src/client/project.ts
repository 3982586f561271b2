import { resolve } from 'node:path'
import { loadConfig } from '../config/load.js'
import type { MacaronConfig } from '../config/schema.js'
import { collectOperations, type Operation } from '../pipeline/operations.js'
import { SchemaStore } from '../pipeline/schema-store.js'
import { loadApis } from '../spec/index.js'
import type { LoadedApi } from '../spec/types.js'

/** The documents and config a client reads: those of a project folder or of a running app. */
export interface Project {
  config: MacaronConfig
  apis: LoadedApi[]
  /** operationId → operation, per API name. */
  operations: Map<string, Map<string, Operation>>
  /** Response validators, compiled on a call's first use. */
  store: SchemaStore
}

/** What a client needs of an app: its documents and config (and its server, to call it in-process). */
export interface ProjectSource {
  readonly config: MacaronConfig
  readonly apis: LoadedApi[]
}

let current: ProjectSource | undefined
const byDir = new Map<string, Promise<Project>>()
const bySource = new WeakMap<LoadedApi[], Project>()

/** createApp records itself here: a client made without `dir` or `app` reads the project of the app created last. */
export function setCurrentProject(source: ProjectSource): void {
  current = source
}

export function projectOfSource(source: ProjectSource): Project {
  let project = bySource.get(source.apis)
  if (!project) bySource.set(source.apis, (project = build(source.config, source.apis)))
  return project
}

/** The project at `dir` (its macaron.yaml with the environment's overlay, and its apis/), loaded once. */
export function projectOfDir(dir: string): Promise<Project> {
  const key = resolve(dir)
  let project = byDir.get(key)
  if (!project) {
    project = (async () => {
      const config = loadConfig(key)
      return build(config, await loadApis(resolve(key, config.apis)))
    })()
    // A failed load (a typo in a spec) is retried on the next call rather than remembered.
    project.catch(() => byDir.delete(key))
    byDir.set(key, project)
  }
  return project
}

/** The running app's project, else the current folder's. */
export function defaultProject(): Promise<Project> {
  return current ? Promise.resolve(projectOfSource(current)) : projectOfDir(process.cwd())
}

function build(config: MacaronConfig, apis: LoadedApi[]): Project {
  const store = new SchemaStore()
  const operations = new Map<string, Map<string, Operation>>()
  for (const api of apis) {
    store.addApi(api.name, api.document)
    operations.set(api.name, new Map(collectOperations(api).map((op) => [op.operationId, op])))
  }
  return { config, apis, operations, store }
}
