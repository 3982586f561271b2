import express, { type NextFunction, type Request, type Response } from 'express'
import * as OpenApiValidator from 'express-openapi-validator'
import { createItem, getItem, listItems, type NewItem, type Status } from '../logic.js'
import { HOST, SPEC_FILE, type StartServer } from './types.js'

// Express 5 with express-openapi-validator, requests and responses validated (the closest
// peer to Macaron's production settings).
export const start: StartServer = (port) => {
  const app = express()
  app.use(express.json())
  app.use(OpenApiValidator.middleware({ apiSpec: SPEC_FILE, validateRequests: true, validateResponses: true }))
  app.get('/items/:id', (req, res) => {
    res.json(getItem(req.params.id as unknown as number))
  })
  app.get('/items', (req, res) => {
    const query = req.query as unknown as { limit: number; offset: number; status?: Status }
    res.json(listItems(query.limit, query.offset, query.status))
  })
  app.post('/items', (req, res) => {
    res.status(201).json(createItem(req.body as NewItem))
  })
  app.use((err: { status?: number; message?: string }, _req: Request, res: Response, _next: NextFunction) => {
    res.status(err.status ?? 500).json({ message: err.message, status: err.status ?? 500 })
  })
  return new Promise((resolve, reject) => {
    const server = app.listen(port, HOST, (error?: Error) => {
      if (error) reject(error)
      else resolve({ close: () => new Promise((done) => server.close(() => done())) })
    })
  })
}
