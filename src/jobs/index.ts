export { defineTask, asyncTask, type Task, type AsyncTask } from './task.js'
export { TaskQueueUnavailable, TaskQueueFull, TaskTimedOut } from './errors.js'
export type { Jobs } from './runtime.js'
export type { TaskOptions, EnqueueOptions, JobInfo, FailedJob, Backoff } from './types.js'
