// The DynamoDB Local harness refuses to run without Java, saying why, instead of skipping.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { startDynamoDbLocal } from '../support/dynamodb-local.js'

test('without java on PATH, starting DynamoDB Local fails loudly and names the fix', async () => {
  const path = process.env.PATH
  process.env.PATH = '/nonexistent'
  try {
    await assert.rejects(startDynamoDbLocal(), /needs a Java runtime.*default-jre-headless/s)
  } finally {
    process.env.PATH = path
  }
})
