import { defineError } from './api-error.js'

// The codes every stage of the request pipeline can raise. Each is documented in
// docs/errors.md; test/errors/registry.test.ts fails when one is missing there.
export const InvalidParameter = defineError('INVALID_PARAMETER', 400, 'A parameter or the body does not match the spec; `errors` lists each field, its location and what is wrong.')
export const MalformedJson = defineError('MALFORMED_JSON', 400, 'The body is not valid JSON, or is empty where JSON was declared.')
export const UnsupportedMediaType = defineError('UNSUPPORTED_MEDIA_TYPE', 415, 'The Content-Type is not one the operation accepts.')
export const NotAcceptable = defineError('NOT_ACCEPTABLE', 406, 'The Accept header admits none of the media types the operation can send.')
export const NotFound = defineError('NOT_FOUND', 404, 'No operation has this path.')
export const MethodNotAllowed = defineError('METHOD_NOT_ALLOWED', 405, 'The path exists but not with this method; the Allow header lists those that do.')
export const PayloadTooLarge = defineError('PAYLOAD_TOO_LARGE', 413, 'The body is larger than the configured body_limit.')
export const NotImplemented = defineError('NOT_IMPLEMENTED', 501, 'The operation is in the spec but no handler is bound to it.')
export const BadResponse = defineError('BAD_RESPONSE', 500, 'The handler returned a status, header or body that the spec does not declare; details are logged, not sent.')
export const ServerError = defineError('SERVER_ERROR', 500, 'An unexpected exception; its message is logged with the error_id, never sent.')
export const ServiceUnavailable = defineError('SERVICE_UNAVAILABLE', 503, 'The server is shutting down or not ready; retry elsewhere or later.')
export const InvalidModel = defineError('INVALID_MODEL', 400, 'An object does not match its schema (model validation); `errors` lists the fields.')
export const HeadersTooLarge = defineError('HEADERS_TOO_LARGE', 431, 'The request headers (a huge token or cookie, say) are over the server limit of 16 KB; the connection is closed.')
export const BadRequest = defineError('BAD_REQUEST', 400, 'The request is not valid HTTP: a malformed request line or header (the connection is closed), or a URL whose percent-encoding is malformed.')
export const RequestTimeout = defineError('REQUEST_TIMEOUT', 408, 'The client did not send the whole request within request_timeout_ms; the connection is closed.')
