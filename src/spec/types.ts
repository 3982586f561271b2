/** A parsed JSON/YAML object; values are checked where they are read. */
export type JsonObject = Record<string, unknown>

export type SourceVersion = '2.0' | '3.0' | '3.1'

export interface LoadedApi {
  /** File base name without extension: apis/profiles.yaml -> 'profiles'. */
  name: string
  /** Absolute path of the entry file. */
  file: string
  sourceVersion: SourceVersion
  /**
   * OpenAPI 3.1.0 with external $refs bundled in and internal $refs kept: recursive schemas
   * stay finite, and Ajv resolves '#/components/schemas/X' itself.
   */
  document: JsonObject
  /** The entry document as written, served back at /doc/<api>.yaml. */
  original: JsonObject
  /** The entry file's text. */
  source: string
  /** What loads but is suspect (paths that are one route but share no method): lint lists them, start-up logs them. */
  warnings?: SpecProblem[]
}

export interface SpecProblem {
  severity: 'error' | 'warning'
  file: string
  line?: number
  column?: number
  /** JSON pointer inside `file` (not inside the bundled document). */
  pointer?: string
  message: string
}

export interface LintOptions {
  /** Whether a handler is bound to the operation; unbound operations get a warning. */
  isBound?: (operationId: string | undefined, method: string, path: string) => boolean
}
