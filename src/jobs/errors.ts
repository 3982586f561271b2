import { defineError } from '../errors/api-error.js'

// The codes the task layer raises (docs/errors.md, "Tasks"). A handler that enqueues sees
// the first two as its own response; the last one is what a crash report of a task says
// when the task ran out of time.
export const TaskQueueUnavailable = defineError('TASK_QUEUE_UNAVAILABLE', 503, 'The task queue (Redis) could not be reached in time to enqueue the task.')
export const TaskQueueFull = defineError('TASK_QUEUE_FULL', 503, 'The in-process task queue holds jobs.max_pending tasks already; the task was not enqueued.')
export const TaskTimedOut = defineError('TASK_TIMED_OUT', 500, 'A task ran longer than its timeout; the attempt counts as failed and is retried if attempts remain.')
