import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildCatalogue, catalogueMarkdown } from '../server/catalogue';
import { registry } from '../server/registry';

const DOC = path.resolve(__dirname, '../docs/ACTIONS.md');
const args = new Set(process.argv.slice(2));
const entries = buildCatalogue(registry);

if (args.has('--json')) {
  console.log(JSON.stringify(entries, null, 2));
} else if (args.has('--write')) {
  writeFileSync(DOC, catalogueMarkdown(entries));
  console.log(`wrote ${path.relative(process.cwd(), DOC)} (${entries.length} actions)`);
} else if (args.has('--check')) {
  const current = readFileSync(DOC, 'utf8');
  if (current !== catalogueMarkdown(entries)) {
    console.error('docs/ACTIONS.md is stale: run `npm run actions -- --write`');
    process.exit(1);
  }
  console.log(`docs/ACTIONS.md is up to date (${entries.length} actions)`);
} else {
  process.stdout.write(catalogueMarkdown(entries));
}
