import { currentContext } from '../context/index.js'
import { activeJobs } from './runtime.js'
import type { EnqueueOptions, TaskFunction, TaskOptions } from './types.js'

/** A background task: a named function that runs later, elsewhere, with the caller's identity. */
export interface Task<P = unknown> {
  readonly name: string
  readonly options: TaskOptions
  /** The function itself, to call directly (tests). */
  readonly fn: TaskFunction<P>
  /** Queues a run; resolves to the job id once the queue holds it (503 TASK_QUEUE_UNAVAILABLE when it cannot). */
  enqueue(payload: P, options?: EnqueueOptions): Promise<string>
}

// Process-wide, like the model registry: tasks are defined at import time, and the worker
// finds a job's function by the name stored in the job. A name defined again is replaced
// (a module re-imported by a test), so names must be unique within a service.
const tasks = new Map<string, Task<never>>()

export function defineTask<P = unknown>(name: string, fn: TaskFunction<P>, options: TaskOptions = {}): Task<P> {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name)) throw new Error(`task name '${name}' must be letters, digits, '_', '.' or '-'`)
  const task: Task<P> = { name, options, fn, enqueue: async (payload, opts = {}) => activeJobs(name).enqueue(task as Task<never>, payload, opts) }
  tasks.set(name, task as Task<never>)
  activeJobs()?.defined(task as Task<never>)
  return task
}

export function findTask(name: string): Task<never> | undefined {
  return tasks.get(name)
}

export function definedTasks(): Task<never>[] {
  return [...tasks.values()]
}

/** An asyncTask: call it like the function; it runs in the background instead. */
export type AsyncTask<A extends unknown[]> = ((...args: A) => Promise<void>) & { readonly task: Task<A> }

/**
 * PyMacaron's `@asynctask`: `const sendWelcome = asyncTask(async function sendWelcome(profile) {...})`.
 * Called while a request is served, the job is handed to the queue once the response has
 * been sent (so the caller never waits for it, and a queue failure cannot change the
 * response: it is logged and reported); called elsewhere, it is enqueued at once.
 */
export function asyncTask<A extends unknown[]>(fn: (...args: A) => unknown, options: TaskOptions & { name?: string } = {}): AsyncTask<A> {
  const { name = fn.name, ...rest } = options
  if (!name) throw new Error('asyncTask needs a named function, or options.name')
  const task = defineTask<A>(name, (args) => fn(...args), rest)
  const call = async (...args: A) => {
    const jobs = activeJobs(name)
    if (currentContext()) await jobs.afterResponse(task as Task<never>, args)
    else await jobs.enqueue(task as Task<never>, args, {})
  }
  return Object.assign(call, { task })
}
