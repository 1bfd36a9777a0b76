// Writes the SDK's TypeScript types of the API (public/sdk/api.d.ts) from the gateway's
// OpenAPI document (api/openapi.json) with openapi-typescript; `--check` only says whether
// the file is current (the SDK-types test runs it).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';

const here = dirname(fileURLToPath(import.meta.url));
const target = join(here, 'public', 'sdk', 'api.d.ts');
const document = JSON.parse(readFileSync(join(here, '..', 'api', 'openapi.json'), 'utf8'));
const header = '// Generated from api/openapi.json by web/sdk-types.mjs (openapi-typescript): do not edit;\n'
  + '// `node web/sdk-types.mjs` writes it anew.\n';
// An object the document leaves open (client properties, an app's JSON) is one of unknown
// fields, not one of none.
const types = header + astToString(await openapiTS(document, { emptyObjectsUnknown: true }));

if (process.argv.includes('--check')) {
  let found = '';
  try { found = readFileSync(target, 'utf8'); } catch { /* missing: stale */ }
  if (found !== types) {
    console.error(`${target} is behind api/openapi.json: run node web/sdk-types.mjs`);
    process.exit(1);
  }
} else {
  writeFileSync(target, types);
  console.log(`wrote ${target}`);
}
