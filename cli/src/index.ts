// Public entry of @shopmind/cli: run the command line in-process (with a capturing io in tests), and
// the secrets generator the deployment tests use.
export { runCli } from './run-cli.js';
export { processIo, type CliIo } from './cli-io.js';
export { captureIo, type CapturedIo } from './capture-io.js';
export { ExitCode } from './exit-codes.js';
export {
  generateDevSecrets,
  natsPasswordVariables,
  renderEnvFile,
  renderK8sSecrets,
  type SecretsFormat,
} from './commands/secrets.js';
export { addTenantCredentials, apiKeyHash, newApiKey, type TenantKeyResult } from './commands/tenant-key.js';
