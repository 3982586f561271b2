import { fileURLToPath } from 'node:url'

/** A contender listens on 127.0.0.1:port and resolves once it serves; `close` stops it. */
export type StartServer = (port: number) => Promise<{ close: () => Promise<void> }>

/** The one spec every contender serves. */
export const SPEC_FILE = fileURLToPath(new URL('../app/apis/items.yaml', import.meta.url))
export const APP_DIR = fileURLToPath(new URL('../app/', import.meta.url))
export const HOST = '127.0.0.1'
