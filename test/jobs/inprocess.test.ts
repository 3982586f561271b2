import { jobsContract } from './contract.js'

jobsContract({ name: 'inprocess', jobs: () => ({ backend: 'inprocess' }), start: async () => undefined })
