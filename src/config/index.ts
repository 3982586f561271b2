export { loadConfig, ConfigError, type LoadConfigOptions } from './load.js'
export type { MacaronConfig, CorsConfig } from './schema.js'
