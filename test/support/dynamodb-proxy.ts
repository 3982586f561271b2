/**
 * A real HTTP proxy in front of DynamoDB Local that lets a test decide, request by request,
 * to answer itself (throttling, 5xx), to forward a changed body, or to change the answer
 * (UnprocessedItems): the faults DynamoDB Local never produces, on the wire the SDK uses.
 * DynamoDB Local does not check request signatures, so a changed body still passes.
 */
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Exchange {
  /** The operation, e.g. BatchWriteItem (from the X-Amz-Target header). */
  operation: string
  body: Record<string, unknown>
}

export type Plan =
  /** Answers an error itself; `fields` are added to the error body (e.g. the Item of a ConditionalCheckFailedException). */
  | { reply: { status: number; type: string; message?: string; fields?: Record<string, unknown> } }
  /** Answers 200 with this body without asking DynamoDB Local. */
  | { answer: Record<string, unknown> }
  | { forward?: Record<string, unknown>; rewrite?: (answer: Record<string, unknown>) => Record<string, unknown> }
  | undefined

export interface DynamoProxy {
  endpoint: string
  /** Every request that reached the proxy, in order. */
  seen: Exchange[]
  close(): Promise<void>
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

export async function startDynamoProxy(upstream: string, plan: (exchange: Exchange) => Plan): Promise<DynamoProxy> {
  const seen: Exchange[] = []
  const server = createServer(async (request, response) => {
    try {
      const exchange: Exchange = { operation: String(request.headers['x-amz-target'] ?? '').split('.').pop() ?? '', body: JSON.parse(await readBody(request)) as Record<string, unknown> }
      seen.push(exchange)
      const decision = plan(exchange)
      const send = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' })
        response.end(JSON.stringify(body))
      }
      if (decision !== undefined && 'reply' in decision) {
        const { status, type, message = 'injected by the test proxy', fields } = decision.reply
        return send(status, { __type: `com.amazonaws.dynamodb.v20120810#${type}`, message, ...fields })
      }
      if (decision !== undefined && 'answer' in decision) return send(200, decision.answer)
      const headers: Record<string, string> = {}
      for (const [name, value] of Object.entries(request.headers)) if (typeof value === 'string' && name !== 'host' && name !== 'content-length') headers[name] = value
      const answer = await fetch(upstream, { method: 'POST', headers, body: JSON.stringify(decision?.forward ?? exchange.body) })
      const json = (await answer.json()) as Record<string, unknown>
      send(answer.status, decision?.rewrite !== undefined && answer.ok ? decision.rewrite(json) : json)
    } catch (error) {
      response.writeHead(502).end(String(error))
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    endpoint: `http://127.0.0.1:${port}`,
    seen,
    close: () => new Promise((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    }),
  }
}
