export { BaseModel, Model, type ModelClass, type ModelConstructor } from './model.js'
export { buildModels, flatModels, type ModelsByApi } from './build.js'
export { findModel, findModelsNamed, modelNameOf, registerModel, type ModelRef } from './registry.js'
export { getModel } from './get-model.js'
