import { defineError } from '../errors/api-error.js'

// The codes the model layer raises (docs/errors.md, "Persistence"). Backends never throw
// these: they throw ConditionFailed or StoreUnavailable (store.ts), which the model layer
// turns into the code that names what the caller asked for.
export const ItemNotFound = defineError('ITEM_NOT_FOUND', 404, 'Model.load (or update, delete) found no item with this key.')
export const ItemAlreadyExists = defineError('ITEM_ALREADY_EXISTS', 409, 'Model.create found an item with this key already.')
export const VersionConflict = defineError('VERSION_CONFLICT', 409, 'A versioned save or update lost the race: someone saved the item since it was read.')
export const TransactionConflict = defineError('TRANSACTION_CONFLICT', 409, 'A condition of one of the writes of transact() did not hold; nothing was written.')
export const ItemTooLarge = defineError('ITEM_TOO_LARGE', 413, 'The item to write is over the 400 KB item limit; refused before the call.')
export const DatabaseUnavailable = defineError('DATABASE_UNAVAILABLE', 503, 'The database could not be reached, or kept failing after the retries.')
