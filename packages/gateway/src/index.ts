export { createGateway, BODY_LIMIT, type Gateway, type GatewayOptions } from './gateway.js';
export { loadConfig, type GatewayConfig } from './config.js';
export { gatewayMigrations } from './migrations/index.js';
export { loadContract, type Contract, type ContractOperation } from './contract.js';
export { PROBLEMS, HttpProblem } from './problems.js';
export type { IdpConfig } from './auth.js';
export type { Call, Handlers, OperationHandler, OperationId, Result, Services } from './operations.js';
export { pageHeaders } from './security.js';
