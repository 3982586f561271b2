import { getUserId, type HandlerContext } from 'macaron'

// #region handlers
export async function myOrders({ state }: HandlerContext) {
  const customer = state.customer as { id: string; name: string }
  return { caller: customer.id, name: customer.name, orders: [] }
}

export async function allOrders({ user }: HandlerContext) {
  // The handler argument and getUserId() (usable anywhere inside the request) agree.
  return { caller: getUserId() ?? null, name: user!.scheme, orders: ['o-1', 'o-2'] }
}
// #endregion

export async function stats() {
  return { caller: getUserId() ?? null, orders: [] }
}

export async function catalog() {
  return { caller: getUserId() ?? null, orders: ['tea', 'cake'] }
}
