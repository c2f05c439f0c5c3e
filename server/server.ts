// The entry point: read config, build the app, listen, and close cleanly on a signal.
import fs from 'node:fs';
import { administratorExists } from './accounts/repository.js';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';

if (fs.existsSync('.env')) process.loadEnvFile('.env');

let config;
try {
  config = loadConfig();
} catch (e) {
  if (e instanceof ConfigError) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}

const app = await buildApp({ config });

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    app.log.info(`${signal} received, closing`);
    app
      .close()
      .then(() => process.exit(0))
      .catch(() => process.exit(1));
  });
}

try {
  await app.listen({ host: config.host, port: config.port });
  if (!(await administratorExists(app.db))) {
    const line = '='.repeat(64);
    console.log(
      `\n${line}\n No administrator yet. Open ${config.baseUrl}/setup and enter the set-up code:\n\n    ${app.setupCode}\n\n${line}\n`,
    );
  }
} catch (err) {
  app.log.error(err);
  process.exit(1);
}
