// Builds web/dist, what the gateway serves: the files of public/ as they are, and the API
// docs page (public/docs/) with Swagger UI from the npm registry beside it — nothing is
// fetched from a CDN when a page loads.
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, 'dist');
rmSync(dist, { recursive: true, force: true });
cpSync(join(here, 'public'), dist, { recursive: true });

const swagger = join(here, 'node_modules', 'swagger-ui-dist');
mkdirSync(join(dist, 'docs'), { recursive: true });
for (const file of ['swagger-ui-bundle.js', 'swagger-ui.css']) {
  cpSync(join(swagger, file), join(dist, 'docs', file));
}
console.log(`built ${dist}`);
