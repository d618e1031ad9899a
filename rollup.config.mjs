// `npm run build`: lib/index.ts -> dist/index.js (ESM), dist/index.cjs (CJS),
// dist/index.d.ts + dist/index.d.cts (one bundled declaration file, copied for
// the `require` condition so each resolution mode gets its own file).
import typescript from '@rollup/plugin-typescript';
import { dts } from 'rollup-plugin-dts';

const input = 'lib/index.ts';
// The library should have no runtime imports; if it ever imports node:*
// builtins they must stay imports, not be bundled.
const external = [/^node:/];

export default [
  {
    input,
    external,
    plugins: [
      typescript({
        tsconfig: './tsconfig.lib.json',
        // The plugin defaults `module` to esnext, which TS 6 rejects next to
        // moduleResolution nodenext (TS5110); rollup still emits ESM/CJS itself.
        module: 'nodenext',
        // Declarations come from rollup-plugin-dts below; outDir must not
        // point outside rollup's output, so let rollup own the file names.
        declaration: false,
        outDir: undefined,
        // Fail the build on type errors (the plugin only warns by default).
        noEmitOnError: true,
      }),
    ],
    output: [
      { file: 'dist/index.js', format: 'es', sourcemap: true },
      { file: 'dist/index.cjs', format: 'cjs', exports: 'named', sourcemap: true },
    ],
  },
  {
    input,
    external,
    plugins: [dts({ tsconfig: './tsconfig.lib.json' })],
    output: [
      { file: 'dist/index.d.ts', format: 'es' },
      { file: 'dist/index.d.cts', format: 'es' },
    ],
  },
];
