import { buildFunctions } from './build-functions';
import { buildMiniprogramNpm } from './build-miniprogram-npm';

/** `npm run build`: everything DevTools and the local cloud need that is not committed. */
async function main(): Promise<void> {
  const functions = await buildFunctions();
  for (const f of functions) console.log(`cloudfunctions/${f.name}/index.js  ${(f.bytes / 1024).toFixed(1)} KB`);
  const npm = await buildMiniprogramNpm({ quiet: true });
  console.log(
    `miniprogram/miniprogram_npm  ${npm.components.length} components, ${npm.files.length} files, ${(npm.bytes / 1024).toFixed(1)} KB`,
  );
}

main().catch((err: Error) => {
  console.error(err.stack ?? err.message);
  process.exit(1);
});
